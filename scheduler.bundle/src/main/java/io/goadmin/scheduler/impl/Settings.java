package io.goadmin.scheduler.impl;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.goadmin.core.units.Durations;
import io.goadmin.scheduler.SchedulerStatus;

/**
 * The scheduler's configuration, parsed and checked as a whole: either every value is valid or
 * {@link #parse} throws naming the PID, the property, the value and the accepted form.
 *
 * @param enabled false stops all polling (the spec's rollback flag)
 * @param interval the default poll interval
 * @param jitter the largest random delay added to each tick
 * @param workers the most polls that run at once
 * @param timeout the deadline of one poll
 * @param heartbeat how often the heartbeat line is logged
 * @param retentionInterval how often the retention job runs
 * @param shutdownTimeout how long deactivation waits for running polls
 * @param collectors per-collector overrides, by collector name
 */
record Settings(boolean enabled, Duration interval, Duration jitter, int workers, Duration timeout,
        Duration heartbeat, Duration retentionInterval, Duration shutdownTimeout, Map<String, Override> collectors) {

    /** The shortest accepted poll interval, from configuration or from a collector's service property. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    /** The most workers accepted. */
    static final int MAX_WORKERS = 64;

    private static final String COLLECTOR_PREFIX = "collector.";

    /**
     * A per-collector override from {@code collector.<name>.interval} / {@code collector.<name>.enabled}.
     *
     * @param interval the collector's interval, or null to keep the default
     * @param enabled the collector's switch, or null to keep the default
     */
    record Override(Duration interval, Boolean enabled) {
    }

    Settings {
        collectors = Map.copyOf(collectors);
    }

    /** Parses the typed configuration plus the per-collector keys of the raw property map. */
    static Settings parse(SchedulerComponent.Config config, Map<String, ?> properties) {
        Duration interval = duration("interval", config.interval(), MIN_INTERVAL);
        Duration timeout = duration("timeout", config.timeout(), Duration.ofMillis(10));
        if (config.workers() < 1 || config.workers() > MAX_WORKERS) {
            throw invalid("workers", String.valueOf(config.workers()), "a whole number from 1 to " + MAX_WORKERS);
        }
        Duration shutdownTimeout = duration("shutdown.timeout", config.shutdown_timeout(), Duration.ZERO);
        if (shutdownTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw invalid("shutdown.timeout", config.shutdown_timeout(), "a duration of at most 1m, for example 3s");
        }
        return new Settings(config.enabled(), interval, duration("jitter", config.jitter(), Duration.ZERO),
                config.workers(), timeout, duration("heartbeat", config.heartbeat(), Duration.ofSeconds(1)),
                duration("retention.interval", config.retention_interval(), Duration.ofSeconds(1)), shutdownTimeout,
                overrides(properties == null ? Map.of() : properties));
    }

    /** The override for {@code collector}, never null. */
    Override overrideFor(String collector) {
        return collectors.getOrDefault(collector, new Override(null, null));
    }

    /** The configuration as one log line's worth of {@code key=value} pairs. */
    String describe() {
        return "enabled=" + enabled + " interval=" + Durations.format(interval) + " jitter=" + Durations.format(jitter)
                + " workers=" + workers + " timeout=" + Durations.format(timeout) + " heartbeat="
                + Durations.format(heartbeat) + " retention.interval=" + Durations.format(retentionInterval)
                + " shutdown.timeout=" + Durations.format(shutdownTimeout) + " overrides=" + collectors.size();
    }

    private static Map<String, Override> overrides(Map<String, ?> properties) {
        Map<String, Override> result = new TreeMap<>();
        for (Map.Entry<String, ?> entry : properties.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(COLLECTOR_PREFIX)) {
                continue;
            }
            String rest = key.substring(COLLECTOR_PREFIX.length());
            int dot = rest.lastIndexOf('.');
            String name = dot > 0 ? rest.substring(0, dot) : "";
            String setting = dot > 0 ? rest.substring(dot + 1) : rest;
            String value = String.valueOf(entry.getValue()).trim();
            Override current = result.getOrDefault(name, new Override(null, null));
            if (name.isEmpty() || !("interval".equals(setting) || "enabled".equals(setting))) {
                throw invalid(key, value, "collector.<name>.interval or collector.<name>.enabled, for example"
                        + " collector.cpu.interval = 30s");
            }
            if ("interval".equals(setting)) {
                result.put(name, new Override(duration(key, value, MIN_INTERVAL), current.enabled()));
            } else {
                result.put(name, new Override(current.interval(), bool(key, value)));
            }
        }
        return result;
    }

    private static Duration duration(String property, String text, Duration min) {
        Duration value;
        try {
            value = Durations.parse(property, text);
        } catch (IllegalArgumentException e) {
            throw invalid(property, text, "a duration such as 500ms, 10s, 5m or 1h");
        }
        if (value.compareTo(min) < 0) {
            throw invalid(property, text, "a duration of at least " + Durations.format(min));
        }
        return value;
    }

    private static boolean bool(String property, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(property, text, "true or false");
        };
    }

    private static IllegalArgumentException invalid(String property, String value, String accepted) {
        return new IllegalArgumentException(SchedulerStatus.PID + ": " + property + " = '" + value
                + "' is invalid; use " + accepted);
    }

    /** Parses a collector's own {@code collector.interval} service property; null when absent. */
    static Duration serviceInterval(Object value) {
        // Collectors publish their typed configuration as service properties; an empty value means "not set".
        if (value == null || String.valueOf(value).isBlank()) {
            return null;
        }
        Duration interval = Durations.parse("collector.interval", String.valueOf(value));
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("collector.interval '" + value + "' is too short: use at least "
                    + Durations.format(MIN_INTERVAL));
        }
        return interval;
    }

    /** Parses a collector's own {@code collector.enabled} service property; empty when absent. */
    static Optional<Boolean> serviceEnabled(Object value) {
        if (value == null || String.valueOf(value).isBlank()) { // as for the interval: empty means not set
            return Optional.empty();
        }
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        return switch (String.valueOf(value).trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(Boolean.TRUE);
            case "false" -> Optional.of(Boolean.FALSE);
            default -> throw new IllegalArgumentException("collector.enabled '" + value + "' is invalid: use true or"
                    + " false");
        };
    }
}
