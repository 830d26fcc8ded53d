package io.goadmin.collector.support;

import io.goadmin.core.Validation;

/**
 * Turns names read from the kernel (mount points, interface and device names) into valid tag values: every character
 * {@link Validation#text} refuses is replaced, and the length bounded without splitting a character in two, so an odd
 * name costs one readable tag instead of the whole record.
 */
public final class TagValues {
    private TagValues() {
    }

    /**
     * {@code raw} with every control, invisible format (Unicode Cf), line or paragraph separator character and lone
     * surrogate replaced by {@code ?}, cut to at most {@link Validation#TAG_VALUE_MAX} chars at a character boundary;
     * an empty name becomes {@code ?}.
     */
    public static String of(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "?";
        }
        if (raw.length() <= Validation.TAG_VALUE_MAX && isClean(raw)) {
            return raw;
        }
        StringBuilder value = new StringBuilder(Math.min(raw.length(), Validation.TAG_VALUE_MAX));
        for (int i = 0; i < raw.length(); ) {
            int codePoint = raw.codePointAt(i);
            int width = Character.charCount(codePoint);
            if (value.length() + width > Validation.TAG_VALUE_MAX) {
                break;
            }
            if (Validation.isHidden(codePoint)) {
                value.append('?');
            } else {
                value.appendCodePoint(codePoint);
            }
            i += width;
        }
        return value.toString();
    }

    private static boolean isClean(String raw) {
        for (int i = 0; i < raw.length(); ) {
            int codePoint = raw.codePointAt(i);
            if (Validation.isHidden(codePoint)) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
