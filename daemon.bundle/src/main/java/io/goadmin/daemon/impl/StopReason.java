package io.goadmin.daemon.impl;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Why the daemon is stopping, as far as this process knows: the signal that arrived, or {@code framework stop}
 * when the framework was stopped from inside (for example {@code stop 0} in the console).
 */
final class StopReason {
    private static final AtomicReference<String> REASON = new AtomicReference<>();

    private StopReason() {
    }

    /** Records the first reason; later ones (a second signal) do not overwrite it. */
    static void set(String reason) {
        REASON.compareAndSet(null, reason);
    }

    /** True once a reason was recorded: the daemon is on its way down. */
    static boolean isSet() {
        return REASON.get() != null;
    }

    /** The recorded reason, or {@code framework stop}. */
    static String get() {
        String reason = REASON.get();
        return reason == null ? "framework stop" : reason;
    }
}
