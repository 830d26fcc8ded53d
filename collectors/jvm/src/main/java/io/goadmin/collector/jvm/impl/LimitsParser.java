package io.goadmin.collector.jvm.impl;

/** Reads the soft limit of open files from {@code /proc/self/limits}. Pure and stateless. */
final class LimitsParser {
    private static final String OPEN_FILES = "Max open files";

    private LimitsParser() {
    }

    /** The soft limit on open files, or {@code -1} if it is unlimited or not there. */
    static long maxOpenFiles(String text) {
        int at = text.indexOf(OPEN_FILES);
        if (at < 0) {
            return -1;
        }
        int position = at + OPEN_FILES.length();
        while (position < text.length() && text.charAt(position) == ' ') {
            position++;
        }
        long value = 0;
        int digits = 0;
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            value = value * 10 + (text.charAt(position++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }
}
