package io.goadmin.shell.impl;

import java.util.List;

/**
 * The arguments of {@code goadmin:query} as typed; {@link QueryReport} parses and checks them.
 *
 * @param module the collector module, required
 * @param key the metric key, or null for every key of the module
 * @param tags {@code k=v} filters (each may hold several, comma-separated)
 * @param since an age such as {@code 1h} or a UTC time; null means {@link QueryReport#DEFAULT_SINCE}
 * @param until an age or a UTC time; null means now
 * @param step bucket width such as {@code 1m}, or null for raw points
 * @param aggregation avg, min, max or last, with a step
 * @param limit the most points to show (the latest ones)
 * @param rate true to show the per-second rate between consecutive points of each series
 */
public record QueryArgs(String module, String key, List<String> tags, String since, String until, String step,
        String aggregation, String limit, boolean rate) {

    /** Keeps an immutable copy of the tags. */
    public QueryArgs {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * The arguments when module and key may come as options ({@code --module cpu --key usage_user_percent}) or positionally
     * ({@code cpu usage_user_percent}), but not both.
     */
    static QueryArgs of(String moduleOption, String keyOption, String modulePositional, String keyPositional,
            List<String> tags, String since, String until, String step, String aggregation, String limit,
            boolean rate) {
        boolean options = !Arguments.absent(moduleOption) || !Arguments.absent(keyOption);
        if (options && modulePositional != null) {
            throw new IllegalArgumentException("give the module and key either as --module/--key or as arguments,"
                    + " not both");
        }
        return options
                ? new QueryArgs(moduleOption, keyOption, tags, since, until, step, aggregation, limit, rate)
                : new QueryArgs(modulePositional, keyPositional, tags, since, until, step, aggregation, limit, rate);
    }
}
