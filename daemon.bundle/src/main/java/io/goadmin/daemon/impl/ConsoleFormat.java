package io.goadmin.daemon.impl;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formats one log line the way the daemon prints it: time, level, source, message. One line per event so journald
 * and {@code grep} see whole events; line breaks inside a message are escaped.
 */
final class ConsoleFormat {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final String OUR_PREFIX = "io.goadmin.";
    private static final java.util.regex.Pattern WRAPPED_CLASS_NAME =
            java.util.regex.Pattern.compile("^(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");

    private ConsoleFormat() {
    }

    /** The printed line for an entry at {@code millis} from {@code source} (a bundle or logger name). */
    static String line(long millis, String level, String source, String message) {
        return TIME.format(Instant.ofEpochMilli(millis)) + ' ' + String.format(Locale.ROOT, "%-5s", level) + ' '
                + shortSource(source) + ": " + oneLine(message);
    }

    /** Prints a line straight to {@code out}, for the moments no log service is running (the last stop lines). */
    static void print(PrintStream out, String level, String source, String message) {
        out.println(line(System.currentTimeMillis(), level, source, message));
        out.flush();
    }

    /** {@code io.goadmin.scheduler} reads as {@code scheduler}; other sources keep their names. */
    static String shortSource(String source) {
        if (source == null || source.isEmpty()) {
            return "-";
        }
        return source.startsWith(OUR_PREFIX) ? source.substring(OUR_PREFIX.length()) : source;
    }

    /** The message on one line: CR and LF escaped, other control characters dropped. */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t' || !Character.isISOControl(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The innermost cause's message: what a user can act on, without a stack trace. */
    static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        // Wrappers built as new X(cause) carry "pkg.SomeException: text" as their message: keep the text.
        return WRAPPED_CLASS_NAME.matcher(message).replaceFirst("");
    }
}
