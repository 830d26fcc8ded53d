package io.goadmin.collector.diskio.impl;

import java.util.ArrayList;
import java.util.List;

import io.goadmin.collector.support.Counters;

/**
 * Reads {@code /proc/diskstats}: {@code major minor name} and at least eleven counters (newer kernels add discard and
 * flush counters, which are ignored). Lines with fewer counters (partitions on 2.6 kernels) or that do not parse are
 * skipped. Pure and stateless.
 */
final class DiskstatsParser {
    private static final int COUNTERS = 11;

    private DiskstatsParser() {
    }

    /** The devices of {@code text}, in file order. */
    static List<DiskStats> parse(String text) {
        List<DiskStats> devices = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 3 + COUNTERS) {
                continue;
            }
            double[] counters = new double[COUNTERS];
            try {
                for (int i = 0; i < COUNTERS; i++) {
                    counters[i] = Counters.unsigned(fields[3 + i]);
                }
            } catch (NumberFormatException e) {
                continue;
            }
            devices.add(new DiskStats(fields[2], counters[0], counters[1], counters[2], counters[3], counters[4],
                    counters[5], counters[6], counters[7], counters[8], counters[9], counters[10]));
        }
        return devices;
    }
}
