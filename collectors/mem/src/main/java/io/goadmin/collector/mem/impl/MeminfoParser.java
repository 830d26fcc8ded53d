package io.goadmin.collector.mem.impl;

/**
 * Reads {@code /proc/meminfo} ({@code Name:   value kB} lines) into a {@link Meminfo}; values in kB become bytes,
 * lines it does not need are skipped, and a line that is absent reads as {@code -1}. Pure and stateless.
 */
final class MeminfoParser {
    private MeminfoParser() {
    }

    /** The values of {@code text}. */
    static Meminfo parse(String text) {
        return new Meminfo(value(text, "MemTotal"), value(text, "MemFree"), value(text, "MemAvailable"),
                value(text, "Buffers"), value(text, "Cached"), value(text, "Shmem"), value(text, "SReclaimable"),
                value(text, "SwapTotal"), value(text, "SwapFree"), value(text, "SwapCached"));
    }

    /** The value of line {@code name} in bytes (or as written, for lines without a kB unit), or -1. */
    static long value(String text, String name) {
        int at = find(text, name);
        if (at < 0) {
            return -1;
        }
        int position = at + name.length() + 1;
        while (position < text.length() && text.charAt(position) == ' ') {
            position++;
        }
        long value = 0;
        int digits = 0;
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            value = value * 10 + (text.charAt(position++) - '0');
            digits++;
        }
        if (digits == 0) {
            return -1;
        }
        return text.startsWith(" kB", position) ? value * 1024 : value;
    }

    /** The index of the line that starts with {@code name:}, or -1. */
    private static int find(String text, String name) {
        int from = 0;
        while (true) {
            int at = text.indexOf(name, from);
            if (at < 0) {
                return -1;
            }
            boolean lineStart = at == 0 || text.charAt(at - 1) == '\n';
            boolean whole = at + name.length() < text.length() && text.charAt(at + name.length()) == ':';
            if (lineStart && whole) {
                return at;
            }
            from = at + 1;
        }
    }
}
