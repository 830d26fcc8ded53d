package io.goadmin.collector.mem.impl;

import io.goadmin.collector.support.Counters;

/**
 * Reads one counter ({@code name value} line) of {@code /proc/vmstat}. Counters are unsigned 64-bit, so values at
 * the top of the range are returned as the double they are rather than as a negative long. Pure and stateless.
 */
final class VmstatParser {
    private VmstatParser() {
    }

    /** The value of counter {@code name}, or -1 if there is no such line. */
    static double counter(String text, String name) {
        int from = 0;
        while (true) {
            int at = text.indexOf(name, from);
            if (at < 0) {
                return -1;
            }
            int valueStart = at + name.length() + 1;
            if ((at == 0 || text.charAt(at - 1) == '\n') && valueStart <= text.length()
                    && text.charAt(valueStart - 1) == ' ') {
                int end = valueStart;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                if (end == valueStart) {
                    return -1;
                }
                return Counters.unsigned(text.substring(valueStart, end));
            }
            from = at + 1;
        }
    }
}
