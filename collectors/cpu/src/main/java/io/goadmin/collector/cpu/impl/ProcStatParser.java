package io.goadmin.collector.cpu.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code cpu} lines of {@code /proc/stat}: the total first, then one per online core. Missing trailing
 * columns (older kernels) read as zero; lines that are not CPU lines are skipped. Pure and stateless.
 */
final class ProcStatParser {
    private static final int STATES = 10;

    private ProcStatParser() {
    }

    /** The CPU lines of {@code text}, in file order. */
    static List<CpuTimes> parse(String text) {
        List<CpuTimes> cpus = new ArrayList<>();
        long[] ticks = new long[STATES];
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (text.startsWith("cpu", start)) {
                CpuTimes line = parseLine(text, start, end, ticks);
                if (line != null) {
                    cpus.add(line);
                }
            } else if (!cpus.isEmpty()) {
                break; // the CPU lines come first; the rest (intr, softirq, ...) is long and not ours
            }
            start = end + 1;
        }
        return cpus;
    }

    private static CpuTimes parseLine(String text, int start, int end, long[] ticks) {
        int nameEnd = start;
        while (nameEnd < end && text.charAt(nameEnd) != ' ') {
            nameEnd++;
        }
        java.util.Arrays.fill(ticks, 0);
        int position = nameEnd;
        for (int i = 0; i < STATES; i++) {
            while (position < end && text.charAt(position) == ' ') {
                position++;
            }
            if (position >= end) {
                break;
            }
            long value = 0;
            while (position < end && text.charAt(position) != ' ') {
                char c = text.charAt(position++);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            ticks[i] = value;
        }
        return new CpuTimes(text.substring(start, nameEnd), ticks[0], ticks[1], ticks[2], ticks[3], ticks[4],
                ticks[5], ticks[6], ticks[7], ticks[8], ticks[9]);
    }
}
