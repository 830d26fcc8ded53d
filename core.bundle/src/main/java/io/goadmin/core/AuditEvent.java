package io.goadmin.core;

import io.goadmin.core.json.Json;

/**
 * One admin action: who ({@code subject}) did what ({@code action}) through which channel ({@code source}), how it
 * ended ({@code status}), the {@code requestId} shown to the user, and the action's arguments as a JSON object
 * ({@code payloadJson}, secrets already redacted). Validated on construction.
 */
public record AuditEvent(long ts, String subject, String action, String source, String status, String requestId,
        String payloadJson) {

    /** Source of actions typed at the {@code goadmin} command line, through the control socket. */
    public static final String SOURCE_CLI = "cli";
    /** Source of actions typed in the Gogo console. */
    public static final String SOURCE_SHELL = "shell";
    /** Source of the daemon's own actions: start, stop, retention, hot deploy, configuration changes. */
    public static final String SOURCE_SYSTEM = "system";
    /** Status of an action that was carried out. */
    public static final String STATUS_OK = "ok";
    /** Status of an action that was refused. */
    public static final String STATUS_DENIED = "denied";
    /** Status of an action that failed. */
    public static final String STATUS_ERROR = "error";

    /** Validates every field; a missing payload becomes {@code {}}. */
    public AuditEvent {
        Validation.timestamp("audit ts", ts);
        Validation.text("audit subject", subject, Validation.SUBJECT_MAX);
        Validation.name("audit action", action);
        Validation.name("audit source", source);
        if (!STATUS_OK.equals(status) && !STATUS_DENIED.equals(status) && !STATUS_ERROR.equals(status)) {
            throw new ValidationException("audit status", status, "use ok, denied or error");
        }
        Validation.requestId(requestId);
        payloadJson = payloadJson == null ? "{}" : Json.validatePayload(payloadJson);
    }
}
