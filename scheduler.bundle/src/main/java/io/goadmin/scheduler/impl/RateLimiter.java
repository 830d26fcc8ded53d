package io.goadmin.scheduler.impl;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets one log line per key through per period and counts the ones it held back, so a collector failing every
 * second fills the log with one line a minute that says how many failures it stands for.
 */
final class RateLimiter {
    private final Clock clock;
    private final long periodMillis;
    private final Map<String, long[]> state = new HashMap<>(); // key -> {last logged at, suppressed since}

    RateLimiter(Clock clock, long periodMillis) {
        this.clock = clock;
        this.periodMillis = periodMillis;
    }

    /**
     * Returns -1 if the event under {@code key} must not be logged now, otherwise the number of events held back
     * since the last one that was.
     */
    synchronized long permit(String key) {
        long now = clock.millis();
        long[] entry = state.get(key);
        if (entry == null) {
            state.put(key, new long[] {now, 0});
            return 0;
        }
        if (now - entry[0] >= periodMillis || now < entry[0]) {
            long suppressed = entry[1];
            entry[0] = now;
            entry[1] = 0;
            return suppressed;
        }
        entry[1]++;
        return -1;
    }

    /** Forgets {@code key}, so its next event is logged at once. */
    synchronized void reset(String key) {
        state.remove(key);
    }
}
