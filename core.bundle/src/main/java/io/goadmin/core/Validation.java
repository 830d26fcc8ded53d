package io.goadmin.core;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validation rules shared by every entry point (collectors, storage, commands, later transports). Each check
 * returns its input when it is valid and throws {@link ValidationException} otherwise.
 */
public final class Validation {
    /** Names (modules, metric keys, tag keys, actions, sources): lowercase, digits, {@code _} and {@code .}. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.]*");
    /** Longest accepted name. */
    public static final int NAME_MAX = 64;
    /** Longest accepted tag value. */
    public static final int TAG_VALUE_MAX = 256;
    /** Most tags one metric may carry. */
    public static final int TAGS_MAX = 16;
    /** Longest accepted audit subject. */
    public static final int SUBJECT_MAX = 128;
    /** Request ids: letters, digits, {@code -} and {@code _}. */
    public static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Largest accepted JSON payload, in bytes of UTF-8. */
    public static final int PAYLOAD_MAX_BYTES = 16 * 1024;
    /** Deepest accepted nesting of a JSON payload. */
    public static final int PAYLOAD_MAX_DEPTH = 8;
    /** Latest accepted timestamp: the last millisecond of year 9999 UTC. */
    public static final long TS_MAX = 253_402_300_799_999L;

    private static final int SHOWN_MAX = 40;

    private Validation() {
    }

    /** Checks a name such as a module, metric key, tag key, action or source. */
    public static String name(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException(field, value, "it is required");
        }
        if (value.length() > NAME_MAX) {
            throw new ValidationException(field, value, "it is longer than " + NAME_MAX + " characters");
        }
        if (!NAME.matcher(value).matches()) {
            throw new ValidationException(field, value,
                    "use lowercase letters, digits, '_' and '.', starting with a letter");
        }
        return value;
    }

    /**
     * Checks free text such as a tag value or an audit subject: required, bounded, and nothing that hides or rearranges
     * what a reader sees: no control characters, no lone surrogates, no invisible format characters (Unicode category
     * Cf, such as the bidi overrides that reverse text), no line or paragraph separators.
     */
    public static String text(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException(field, value, "it is required");
        }
        if (value.length() > maxLength) {
            throw new ValidationException(field, value, "it is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            String hidden = hiddenKind(codePoint);
            if (hidden != null) {
                throw new ValidationException(field, value, "it contains " + hidden + " ("
                        + String.format("U+%04X", codePoint) + " at position " + i + ")");
            }
            i += Character.charCount(codePoint);
        }
        return value;
    }

    /**
     * True if {@link #text} refuses {@code codePoint}: a control character, a lone surrogate, an invisible format
     * character or a line or paragraph separator. For code that cleans names before it validates them.
     */
    public static boolean isHidden(int codePoint) {
        return hiddenKind(codePoint) != null;
    }

    /** What kind of character {@code codePoint} is if it must not appear in text, else null. */
    private static String hiddenKind(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL -> "a control character";
            case Character.SURROGATE -> "a lone surrogate (half of a character)";
            case Character.FORMAT -> "an invisible format character (Unicode Cf, such as a bidi override)";
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "a line or paragraph separator";
            default -> null;
        };
    }

    /** Checks a timestamp in UTC epoch milliseconds. */
    public static long timestamp(String field, long ts) {
        if (ts < 0 || ts > TS_MAX) {
            throw new ValidationException(field, ts, "it must be epoch milliseconds between 0 and year 9999");
        }
        return ts;
    }

    /** Checks that a metric value is a finite number. */
    public static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new ValidationException(field, value, "it must be a finite number");
        }
        return value;
    }

    /** Checks a tag map: bounded count, valid keys, bounded printable values. */
    public static Map<String, String> tags(Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > TAGS_MAX) {
            throw new ValidationException("tags", tags.size() + " tags", "at most " + TAGS_MAX + " are allowed");
        }
        tags.forEach((key, value) -> {
            name("tag key", key);
            text("tag '" + key + "'", value, TAG_VALUE_MAX);
        });
        return tags;
    }

    /** Checks a request id. */
    public static String requestId(String value) {
        if (value == null || !REQUEST_ID.matcher(value).matches()) {
            throw new ValidationException("request id", value, "use 1 to 64 letters, digits, '-' or '_'");
        }
        return value;
    }

    /**
     * A short, printable rendering of a rejected value for error messages: quoted, the characters {@link #text}
     * rejects escaped as Java Unicode escapes (backslash, u, four hex digits).
     */
    static String describe(Object value) {
        if (value == null) {
            return "(missing)";
        }
        if (!(value instanceof CharSequence)) {
            return String.valueOf(value);
        }
        String text = value.toString();
        StringBuilder shown = new StringBuilder("'");
        int limit = Math.min(text.length(), SHOWN_MAX);
        for (int i = 0; i < limit; ) {
            int codePoint = text.codePointAt(i);
            int length = Character.charCount(codePoint);
            for (int j = i; j < i + length; j++) {
                char c = text.charAt(j);
                if (hiddenKind(codePoint) != null) {
                    shown.append(String.format("\\u%04x", (int) c));
                } else {
                    shown.append(c);
                }
            }
            i += length;
        }
        shown.append('\'');
        if (text.length() > limit) {
            shown.append("… (").append(text.length()).append(" characters)");
        }
        return shown.toString();
    }
}
