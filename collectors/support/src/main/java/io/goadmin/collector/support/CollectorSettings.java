package io.goadmin.collector.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.osgi.service.log.Logger;

import io.goadmin.core.Collector;
import io.goadmin.core.units.Durations;

/** Checks shared by every built-in collector at activation. */
public final class CollectorSettings {
    private CollectorSettings() {
    }

    /**
     * Checks the {@link Collector#INTERVAL_PROPERTY} value of configuration {@code pid}: empty (the scheduler's
     * interval) or a duration such as {@code 30s}. A bad value is logged as one line and refused, so the component
     * does not start with a half-valid configuration.
     *
     * @throws IllegalArgumentException naming the PID, the property, the value and the accepted form
     */
    public static void checkInterval(Logger log, String pid, String interval) {
        if (interval == null || interval.isBlank()) {
            return;
        }
        try {
            Durations.parseAtLeast(pid + " " + Collector.INTERVAL_PROPERTY, interval, Duration.ofSeconds(1));
        } catch (IllegalArgumentException e) {
            log.error("{}; the collector is not started until it is fixed", e.getMessage());
            throw e;
        }
    }

    /**
     * True if {@code file} can be read; otherwise logs once that collector {@code name} cannot work on this platform
     * and will report nothing.
     */
    public static boolean available(Logger log, String name, Path file) {
        if (Files.isReadable(file)) {
            return true;
        }
        log.warn("collector {} reports nothing: {} is not readable on this platform ({})", name, file,
                System.getProperty("os.name"));
        return false;
    }
}
