package io.goadmin.collector.net.impl;

import java.util.ArrayList;
import java.util.List;

import io.goadmin.collector.support.Counters;

/**
 * Reads {@code /proc/net/dev}: two header lines, then {@code name: } and sixteen counters (eight received, eight
 * transmitted). Old kernels write no space after the colon. Lines that do not parse are skipped. Pure and stateless.
 */
final class NetDevParser {
    private static final int COUNTERS = 16;

    private NetDevParser() {
    }

    /** The interfaces of {@code text}, in file order. */
    static List<InterfaceStats> parse(String text) {
        List<InterfaceStats> interfaces = new ArrayList<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] fields = line.substring(colon + 1).trim().split("\\s+");
            if (name.isEmpty() || fields.length < COUNTERS) {
                continue;
            }
            double[] c = new double[COUNTERS];
            try {
                for (int i = 0; i < COUNTERS; i++) {
                    c[i] = Counters.unsigned(fields[i]);
                }
            } catch (NumberFormatException e) {
                continue;
            }
            interfaces.add(new InterfaceStats(name, c[0], c[1], c[2], c[3], c[8], c[9], c[10], c[11]));
        }
        return interfaces;
    }
}
