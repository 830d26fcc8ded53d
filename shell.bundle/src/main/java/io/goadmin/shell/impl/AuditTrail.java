package io.goadmin.shell.impl;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.log.Logger;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.Storage;
import io.goadmin.core.StorageException;
import io.goadmin.core.Validation;
import io.goadmin.core.json.Json;

/**
 * Records operator actions as {@link AuditEvent}s: a fresh request id for the user to see, the arguments as a
 * redacted, bounded JSON payload, and one log line naming only the action, request id, source and status.
 */
final class AuditTrail {
    private static final int ARGUMENT_MAX = 256;
    private static final int ARGUMENTS_MAX = 32;

    private final Clock clock;
    private final Logger log;
    private final Supplier<Storage> storage;
    private final SecureRandom random = new SecureRandom();

    AuditTrail(Clock clock, Logger log, Supplier<Storage> storage) {
        this.clock = clock;
        this.log = log;
        this.storage = storage;
    }

    /** A fresh request id such as {@code r-3f9c2a1b}, shown to the user and stored with the event. */
    String newRequestId() {
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        return "r-" + HexFormat.of().formatHex(bytes);
    }

    /** Stores the event; if it cannot be stored, the user gets a warning line and the log says why. */
    void record(Caller caller, String action, String status, String requestId, Map<String, Object> arguments,
            Printer printer) {
        log.info("{} request {} via {}: {}", action, requestId, caller.source(), status);
        try {
            Storage service = storage.get();
            if (service == null) {
                throw new Unavailable(StatusReport.STORAGE_MISSING);
            }
            service.saveAuditEvent(new AuditEvent(clock.millis(), subject(caller), action, caller.source(), status,
                    requestId, payload(arguments)));
        } catch (RuntimeException e) {
            // A validation message could quote the payload: only storage's own messages go to the log.
            log.warn("{} request {} is not in the audit log: {}", action, requestId,
                    e instanceof StorageException || e instanceof Unavailable ? e.getMessage() : e.getClass().getName());
            printer.err("warning: request " + requestId + " is not in the audit log: " + e.getMessage());
        }
    }

    private static String subject(Caller caller) {
        String subject = Printer.printable(caller.subject() == null || caller.subject().isEmpty() ? "unknown"
                : caller.subject());
        return subject.length() > Validation.SUBJECT_MAX ? subject.substring(0, Validation.SUBJECT_MAX) : subject;
    }

    /** The redacted JSON payload; arguments too large for the audit log are summarised instead. */
    static String payload(Map<String, Object> arguments) {
        String payload = Json.redactedPayload(arguments);
        if (payload.length() > Validation.PAYLOAD_MAX_BYTES / 4) {
            return Json.redactedPayload(Map.of("truncated", true, "arguments", arguments.size()));
        }
        return payload;
    }

    /** Named arguments for a payload: blank strings and false flags are left out, long values cut. */
    static Map<String, Object> arguments(Object... namesAndValues) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value instanceof String text && !text.isBlank()) {
                arguments.put((String) namesAndValues[i], bounded(text));
            } else if (value instanceof Boolean flag && flag) {
                arguments.put((String) namesAndValues[i], true);
            }
        }
        return arguments;
    }

    /**
     * The arguments of a refused request, whatever it was: options by name, so a {@code --password x} is redacted
     * like any named secret; other words under {@code args}; at most {@value #ARGUMENTS_MAX} words.
     */
    static Map<String, Object> requestArguments(List<String> argv) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < argv.size() && i < ARGUMENTS_MAX; i++) {
            String word = argv.get(i);
            if (i == 0) {
                arguments.put("command", bounded(word));
            } else if (word.startsWith("--") && word.length() > 2) {
                int equals = word.indexOf('=');
                boolean valueFollows = equals < 0 && i + 1 < argv.size() && !argv.get(i + 1).startsWith("--");
                String name = bounded(equals < 0 ? word.substring(2) : word.substring(2, equals));
                Object value = equals >= 0 ? bounded(word.substring(equals + 1))
                        : valueFollows ? bounded(argv.get(++i)) : true;
                arguments.put(name, value);
            } else if (word.indexOf('=') > 0 && Json.isSecretName(word.substring(0, word.indexOf('=')))) {
                // "password=x" typed as a positional word: keep the name, never the value.
                positional.add(word.substring(0, word.indexOf('=') + 1) + Json.REDACTED);
            } else {
                positional.add(bounded(word));
            }
        }
        if (!positional.isEmpty()) {
            arguments.put("args", positional);
        }
        if (argv.size() > ARGUMENTS_MAX) {
            arguments.put("truncated", argv.size() + " words");
        }
        return arguments;
    }

    private static String bounded(String text) {
        return text.length() > ARGUMENT_MAX ? text.substring(0, ARGUMENT_MAX) + "..." : text;
    }
}
