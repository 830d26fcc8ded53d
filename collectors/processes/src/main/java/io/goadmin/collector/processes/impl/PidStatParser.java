package io.goadmin.collector.processes.impl;

/**
 * Reads the state and thread count from a {@code /proc/[pid]/stat} line. The command name in parentheses may hold
 * spaces and parentheses itself, so fields are counted from the last {@code )}. Pure and stateless.
 */
final class PidStatParser {
    /** Fields after the command name: state is the first, num_threads the eighteenth. */
    private static final int THREADS_FIELD = 17;

    private PidStatParser() {
    }

    /** The state letter ({@code R}, {@code S}, {@code D}, ...), or {@code 0} if the line does not parse. */
    static char state(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.length()) {
            return 0;
        }
        return line.charAt(close + 2);
    }

    /** The number of threads, or {@code -1} if the line does not parse. */
    static long threads(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        int position = close + 2;
        for (int field = 0; field < THREADS_FIELD; field++) {
            position = line.indexOf(' ', position);
            if (position < 0) {
                return -1;
            }
            position++;
        }
        long value = 0;
        int digits = 0;
        while (position < line.length() && Character.isDigit(line.charAt(position))) {
            value = value * 10 + (line.charAt(position++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }
}
