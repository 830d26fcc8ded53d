package io.goadmin.collector.support;

import io.goadmin.core.Validation;

/** Turns names read from the kernel into valid tag values: control characters replaced, length bounded. */
public final class TagValues {
    private TagValues() {
    }

    /**
     * {@code raw} with every control character replaced by {@code ?} and cut to {@link Validation#TAG_VALUE_MAX}
     * characters; an empty name becomes {@code ?}.
     */
    public static String of(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "?";
        }
        int length = Math.min(raw.length(), Validation.TAG_VALUE_MAX);
        boolean clean = length == raw.length();
        for (int i = 0; i < length && clean; i++) {
            clean = !Character.isISOControl(raw.charAt(i));
        }
        if (clean) {
            return raw;
        }
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = raw.charAt(i);
            value.append(Character.isISOControl(c) ? '?' : c);
        }
        return value.toString();
    }
}
