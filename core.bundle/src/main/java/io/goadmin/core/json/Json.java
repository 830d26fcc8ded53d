package io.goadmin.core.json;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.goadmin.core.Validation;
import io.goadmin.core.ValidationException;

/** Reads and writes JSON for every bundle, so no one writes JSON by hand. Thread-safe. */
public final class Json {
    /** What replaces a secret's value in payloads and logs. */
    public static final String REDACTED = "***";

    /**
     * Field names whose values are secrets, matched against the name as lowercase words joined by {@code _} (so
     * {@code apiKey}, {@code api-key} and {@code API_KEY} are all {@code api_key}): anything containing password,
     * passwd, passphrase, secret, token, credential, authorization, cookie, apikey, privatekey or accesskey; the
     * whole words pass, pwd and auth; and a name of several words whose last is key. Not a bare {@code key},
     * {@code monkey}, {@code author} or {@code passive}.
     */
    public static final Pattern SECRET_NAME = Pattern.compile(
            ".*(password|passwd|passphrase|secret|token|credential|authorization|cookie|apikey|privatekey|accesskey).*"
                    + "|(.*_)?(pass|pwd|auth)(_.*)?"
                    + "|.+_key");
    /** A word boundary inside a camelCase name: {@code apiKey}, {@code APIKey}. */
    private static final Pattern CAMEL_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
    private static final Pattern SEPARATORS = Pattern.compile("[^A-Za-z0-9]+");

    /**
     * Reads and writes without databind: what the running daemon itself writes and reads (a record's tags, an
     * audit payload of names and plain values) goes through here, see {@link #write}.
     */
    private static final JsonFactory STREAMS = newFactory();

    private Json() {
    }

    /**
     * Holds the {@link ObjectMapper}, so that it, and the ~330 classes of Jackson databind it loads (about 5 MB of
     * an idle daemon's memory), come only when a tree or an object is read or written: by a command, not by the
     * daemon storing its polls.
     */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder(newFactory())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();

        static String compact(String json) {
            return write(readTree(json));
        }

        static String redacted(Map<String, ?> payload) {
            ObjectNode node = INSTANCE.valueToTree(payload);
            redact(node);
            return write(node);
        }

        private static void redact(JsonNode node) {
            if (node.isObject()) {
                ObjectNode object = (ObjectNode) node;
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    if (isSecretName(name)) {
                        object.put(name, REDACTED);
                    } else {
                        redact(object.get(name));
                    }
                }
            } else if (node.isArray()) {
                node.forEach(Mapper::redact);
            }
        }
    }

    private static JsonFactory newFactory() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Validation.PAYLOAD_MAX_DEPTH * 4)
                        .maxStringLength(Validation.PAYLOAD_MAX_BYTES * 4)
                        .build())
                .build();
    }

    /**
     * Parses {@code json} into a tree.
     *
     * @throws IllegalArgumentException if it is not well-formed JSON
     */
    public static JsonNode readTree(String json) {
        try {
            return Mapper.INSTANCE.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not well-formed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses {@code json} into an instance of {@code type}, such as a record. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return Mapper.INSTANCE.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} as a JSON tree, for adding fields before writing. */
    public static ObjectNode toObject(Object value) {
        return Mapper.INSTANCE.valueToTree(value);
    }

    /**
     * {@code value} as compact JSON. Plain values (maps with string keys, lists, strings, booleans, ints, longs,
     * doubles and nulls) are written with the streaming API, the same text the mapper would write; anything else
     * through the mapper.
     */
    public static String write(Object value) {
        if (isPlain(value, 0)) {
            return writePlain(value, false);
        }
        try {
            return Mapper.INSTANCE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code value} as indented JSON for people. */
    public static String writePretty(Object value) {
        try {
            return Mapper.INSTANCE.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a string-to-string map such as stored tags, with the streaming API. A value that is not a string is
     * kept as its text ({@code null} as "null", an object or array as ""); JSON that is not an object gives an
     * empty map.
     *
     * @throws IllegalArgumentException if it is not well-formed JSON
     */
    public static Map<String, String> readStringMap(String json) {
        Map<String, String> map = new LinkedHashMap<>();
        try (JsonParser parser = STREAMS.createParser(json)) {
            JsonToken root = parser.nextToken();
            if (root == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, scalarText(parser, parser.nextToken()));
                }
            } else if (root != null) {
                parser.skipChildren();
            }
            if (root != null && parser.nextToken() != null) {
                throw new IllegalArgumentException("stored tags are not a JSON object: more follows the value");
            }
            return map;
        } catch (IOException e) {
            throw new IllegalArgumentException("stored tags are not a JSON object", e);
        }
    }

    /** What Jackson's tree would give as {@code asText()} for the value at {@code token}. */
    private static String scalarText(JsonParser parser, JsonToken token) throws IOException {
        if (token.isStructStart()) {
            parser.skipChildren();
            return "";
        }
        return switch (token) {
            case VALUE_NULL -> "null";
            case VALUE_NUMBER_FLOAT -> String.valueOf(parser.getDoubleValue());
            default -> parser.getText();
        };
    }

    /**
     * True if {@code value} is made only of what {@link #writePlain} writes, within the nesting the parser would
     * read back; a value that contains itself is not.
     */
    private static boolean isPlain(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double) {
            return true;
        }
        if (depth >= Validation.PAYLOAD_MAX_DEPTH * 4) {
            return false;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String) || !isPlain(entry.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                if (!isPlain(element, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static String writePlain(Object value, boolean redactSecrets) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = STREAMS.createGenerator(text)) {
            writePlain(out, value, redactSecrets);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
        return text.toString();
    }

    private static void writePlain(JsonGenerator out, Object value, boolean redactSecrets) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String string) {
            out.writeString(string);
        } else if (value instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else if (value instanceof Double number) {
            out.writeNumber(number);
        } else if (value instanceof Integer || value instanceof Long) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String name = (String) entry.getKey();
                out.writeFieldName(name);
                if (redactSecrets && isSecretName(name)) {
                    out.writeString(REDACTED);
                } else {
                    writePlain(out, entry.getValue(), redactSecrets);
                }
            }
            out.writeEndObject();
        } else {
            out.writeStartArray();
            for (Object element : (List<?>) value) {
                writePlain(out, element, redactSecrets);
            }
            out.writeEndArray();
        }
    }

    /**
     * Checks an audit payload: a JSON object of at most {@link Validation#PAYLOAD_MAX_BYTES} bytes nested at most
     * {@link Validation#PAYLOAD_MAX_DEPTH} deep. Returns it in compact form, a name given twice in an object kept
     * once with its last value.
     *
     * @throws ValidationException naming the rule it broke
     */
    public static String validatePayload(String payloadJson) {
        if (payloadJson.getBytes(StandardCharsets.UTF_8).length > Validation.PAYLOAD_MAX_BYTES) {
            throw new ValidationException("audit payload", payloadJson,
                    "it is larger than " + Validation.PAYLOAD_MAX_BYTES + " bytes");
        }
        StringWriter compact = new StringWriter();
        boolean nameRepeated = false;
        try (JsonParser parser = STREAMS.createParser(payloadJson);
                JsonGenerator out = STREAMS.createGenerator(compact)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                if (token != null) { // read the value to its end, so that broken JSON is named as such
                    parser.finishToken();
                    parser.skipChildren();
                    if (parser.nextToken() != null) {
                        throw new ValidationException("audit payload", payloadJson, "it is not well-formed JSON");
                    }
                }
                throw new ValidationException("audit payload", payloadJson, "it must be a JSON object");
            }
            Deque<Set<String>> namesByLevel = new ArrayDeque<>();
            do {
                if (token.isStructStart()) {
                    if (namesByLevel.size() == Validation.PAYLOAD_MAX_DEPTH) {
                        throw new ValidationException("audit payload", payloadJson,
                                "it is nested deeper than " + Validation.PAYLOAD_MAX_DEPTH + " levels");
                    }
                    namesByLevel.push(token == JsonToken.START_OBJECT ? new HashSet<>() : Set.of());
                } else if (token.isStructEnd()) {
                    namesByLevel.pop();
                } else if (token == JsonToken.FIELD_NAME) {
                    nameRepeated |= !namesByLevel.element().add(parser.currentName());
                }
                out.copyCurrentEvent(parser);
                token = namesByLevel.isEmpty() ? null : parser.nextToken();
            } while (token != null);
            if (parser.nextToken() != null) {
                throw new ValidationException("audit payload", payloadJson, "it is not well-formed JSON");
            }
        } catch (IOException e) {
            throw new ValidationException("audit payload", payloadJson, "it is not well-formed JSON");
        }
        // Rare (our own payloads are written from maps): the tree keeps one value per name, as readers will.
        return nameRepeated ? Mapper.compact(payloadJson) : compact.toString();
    }

    /**
     * A JSON object of {@code arguments} with every secret (by {@link #SECRET_NAME}, at any depth) replaced by
     * {@link #REDACTED}: what audit payloads and logs carry.
     */
    public static String redactedPayload(Map<String, ?> arguments) {
        Map<String, ?> payload = arguments == null ? Map.of() : arguments;
        if (isPlain(payload, 0)) {
            return writePlain(payload, true);
        }
        return Mapper.redacted(payload);
    }

    /** True if a field of this name holds a secret (by {@link #SECRET_NAME}). */
    public static boolean isSecretName(String name) {
        String words = SEPARATORS.matcher(CAMEL_BOUNDARY.matcher(name).replaceAll("_")).replaceAll("_");
        return SECRET_NAME.matcher(words.toLowerCase(Locale.ROOT)).matches();
    }
}
