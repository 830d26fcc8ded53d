package io.goadmin.core.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
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

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Validation.PAYLOAD_MAX_DEPTH * 4)
                            .maxStringLength(Validation.PAYLOAD_MAX_BYTES * 4)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /**
     * Parses {@code json} into a tree.
     *
     * @throws IllegalArgumentException if it is not well-formed JSON
     */
    public static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not well-formed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses {@code json} into an instance of {@code type}, such as a record. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} as a JSON tree, for adding fields before writing. */
    public static ObjectNode toObject(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** {@code value} as compact JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code value} as indented JSON for people. */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads a string-to-string map such as stored tags. */
    public static Map<String, String> readStringMap(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            Map<String, String> map = new LinkedHashMap<>();
            if (node != null && node.isObject()) {
                node.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
            }
            return map;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored tags are not a JSON object", e);
        }
    }

    /**
     * Checks an audit payload: a JSON object of at most {@link Validation#PAYLOAD_MAX_BYTES} bytes nested at most
     * {@link Validation#PAYLOAD_MAX_DEPTH} deep. Returns it in compact form.
     *
     * @throws ValidationException naming the rule it broke
     */
    public static String validatePayload(String payloadJson) {
        if (payloadJson.getBytes(StandardCharsets.UTF_8).length > Validation.PAYLOAD_MAX_BYTES) {
            throw new ValidationException("audit payload", payloadJson,
                    "it is larger than " + Validation.PAYLOAD_MAX_BYTES + " bytes");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(payloadJson);
        } catch (JsonProcessingException e) {
            throw new ValidationException("audit payload", payloadJson, "it is not well-formed JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ValidationException("audit payload", payloadJson, "it must be a JSON object");
        }
        if (depth(node) > Validation.PAYLOAD_MAX_DEPTH) {
            throw new ValidationException("audit payload", payloadJson,
                    "it is nested deeper than " + Validation.PAYLOAD_MAX_DEPTH + " levels");
        }
        return write(node);
    }

    /**
     * A JSON object of {@code arguments} with every secret (by {@link #SECRET_NAME}, at any depth) replaced by
     * {@link #REDACTED}: what audit payloads and logs carry.
     */
    public static String redactedPayload(Map<String, ?> arguments) {
        ObjectNode node = MAPPER.valueToTree(arguments == null ? Map.of() : arguments);
        redact(node);
        return write(node);
    }

    /** True if a field of this name holds a secret (by {@link #SECRET_NAME}). */
    public static boolean isSecretName(String name) {
        String words = SEPARATORS.matcher(CAMEL_BOUNDARY.matcher(name).replaceAll("_")).replaceAll("_");
        return SECRET_NAME.matcher(words.toLowerCase(Locale.ROOT)).matches();
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
            node.forEach(Json::redact);
        }
    }

    private static int depth(JsonNode node) {
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return node.isContainerNode() ? deepest + 1 : deepest;
    }
}
