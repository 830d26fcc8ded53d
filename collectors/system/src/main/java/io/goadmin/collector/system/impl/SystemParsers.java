package io.goadmin.collector.system.impl;

/** Parsers of the small files the system collector reads. Pure and stateless. */
final class SystemParsers {
    private SystemParsers() {
    }

    /** {@code /proc/loadavg}: {@code 0.44 0.54 0.25 1/92 4508}. */
    record Loadavg(double load1, double load5, double load15, long tasksRunning, long tasksTotal) {
    }

    /**
     * Reads {@code /proc/loadavg}.
     *
     * @throws IllegalArgumentException if the text is not in that form
     */
    static Loadavg loadavg(String text) {
        String[] fields = text.trim().split("\\s+");
        if (fields.length < 4 || fields[3].indexOf('/') < 0) {
            throw new IllegalArgumentException("unexpected /proc/loadavg: " + text.trim());
        }
        int slash = fields[3].indexOf('/');
        return new Loadavg(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
                Long.parseLong(fields[3].substring(0, slash)), Long.parseLong(fields[3].substring(slash + 1)));
    }

    /** {@code /proc/uptime}: seconds since boot, the first of its two numbers. */
    static double uptime(String text) {
        String trimmed = text.trim();
        int space = trimmed.indexOf(' ');
        return Double.parseDouble(space < 0 ? trimmed : trimmed.substring(0, space));
    }

    /**
     * The number of CPUs in a kernel CPU list such as {@code /sys/devices/system/cpu/online}: {@code 0-3,8,10-11}
     * is 7. An empty list is 0.
     *
     * @throws IllegalArgumentException if the text is not a CPU list
     */
    static int cpuCount(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return 0;
        }
        int count = 0;
        for (String range : trimmed.split(",")) {
            int dash = range.indexOf('-');
            if (dash < 0) {
                Integer.parseInt(range);
                count++;
            } else {
                int first = Integer.parseInt(range.substring(0, dash));
                int last = Integer.parseInt(range.substring(dash + 1));
                if (last < first) {
                    throw new IllegalArgumentException("CPU range " + range + " runs backwards");
                }
                count += last - first + 1;
            }
        }
        return count;
    }
}
