package io.goadmin.collector.cpu.impl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns successive {@code /proc/stat} readings into percentages per state, the way Telegraf's cpu input does: from
 * the difference to the previous reading of the same CPU, with guest time taken out of user and nice so that the
 * ten states add up to 100. The first reading of a CPU only primes it. A counter that went backwards (a reset, or
 * the kernel's iowait that can step back) counts as no time spent; a CPU whose counters all reset is re-primed.
 * Not thread-safe.
 */
final class CpuUsage {
    /** The states in the order of {@link #percentages}. */
    static final List<String> STATES =
            List.of("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest_nice");

    private Map<String, CpuTimes> previous = new HashMap<>();
    private Map<String, CpuTimes> current = new HashMap<>();

    /**
     * Records {@code current} and fills {@code percentages} (one per {@link #STATES} entry) with the usage since the
     * previous reading of the same CPU.
     *
     * @return false if there is no usable previous reading (first poll, or every counter reset)
     */
    boolean update(CpuTimes now, double[] percentages) {
        current.put(now.cpu(), now);
        CpuTimes last = previous.get(now.cpu());
        if (last == null) {
            return false;
        }
        long guest = delta(now.guest(), last.guest());
        long guestNice = delta(now.guestNice(), last.guestNice());
        long[] deltas = {
            Math.max(0, delta(now.user(), last.user()) - guest),
            Math.max(0, delta(now.nice(), last.nice()) - guestNice),
            delta(now.system(), last.system()),
            delta(now.idle(), last.idle()),
            delta(now.iowait(), last.iowait()),
            delta(now.irq(), last.irq()),
            delta(now.softirq(), last.softirq()),
            delta(now.steal(), last.steal()),
            guest,
            guestNice,
        };
        long total = 0;
        for (long d : deltas) {
            total += d;
        }
        if (total <= 0) {
            return false;
        }
        for (int i = 0; i < deltas.length; i++) {
            percentages[i] = 100.0 * deltas[i] / total;
        }
        return true;
    }

    /**
     * Ends a poll: the readings passed to {@link #update} since the last call become the previous ones, so a CPU
     * that was not read (an unplugged core) is primed again if it comes back.
     */
    void endPoll() {
        Map<String, CpuTimes> swap = previous;
        previous = current;
        current = swap;
        current.clear();
    }

    private static long delta(long now, long before) {
        return Math.max(0, now - before);
    }
}
