package io.goadmin.shell.impl;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.Query;
import io.goadmin.core.Validation;
import io.goadmin.core.units.Durations;

/**
 * {@code goadmin:query}: turns the typed arguments into a {@link Query} (the latest points, shown oldest first) and
 * renders the result, optionally as per-second rates between consecutive points of each series (for counters).
 */
final class QueryReport {
    /** The range start when {@code --since} is not given. */
    static final String DEFAULT_SINCE = "1h";

    /** The shortest step, as {@link Query} requires. */
    static final Duration MIN_STEP = Duration.ofSeconds(1);
    /** Decimals shown of a value that is not whole (significant digits below 1). */
    static final int DECIMALS = 6;

    private final QueryArgs args;
    private final Query query;

    QueryReport(QueryArgs args, long now) {
        this.args = args;
        if (Arguments.absent(args.module())) {
            throw new IllegalArgumentException("query needs a module, for example: query cpu usage_user_percent --since 1h");
        }
        long from = Arguments.time("--since", Arguments.absent(args.since()) ? DEFAULT_SINCE : args.since(), now);
        long to = Arguments.absent(args.until()) ? Validation.TS_MAX : Arguments.time("--until", args.until(), now);
        if (from > to) {
            throw new IllegalArgumentException("--since " + Printer.time(from) + " is after --until " + Printer.time(to)
                    + ": swap them");
        }
        Query.Builder builder = Query.builder()
                .module(args.module())
                .key(Arguments.absent(args.key()) ? null : args.key())
                .tags(Arguments.tags(args.tags()))
                .from(from)
                .to(to)
                .order(Query.Order.DESC)
                .limit(Arguments.absent(args.limit()) ? Query.DEFAULT_LIMIT
                        : Arguments.count("--limit", args.limit(), Query.MAX_LIMIT));
        if (!Arguments.absent(args.step())) {
            builder.step(Arguments.duration("--step", args.step(), MIN_STEP, "use at least "
                    + Durations.format(MIN_STEP) + ", such as 1m"), aggregation(args.aggregation()));
        } else if (!Arguments.absent(args.aggregation())) {
            throw new IllegalArgumentException("--agg needs --step, for example --step 1m --agg max");
        }
        this.query = builder.build();
    }

    private static Query.Aggregation aggregation(String text) {
        if (Arguments.absent(text)) {
            return Query.Aggregation.AVG;
        }
        try {
            return Query.Aggregation.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--agg '" + text + "' must be avg, min, max or last", e);
        }
    }

    Query query() {
        return query;
    }

    void print(Printer printer, List<MetricRecord> newestFirst) {
        List<MetricRecord> points = new ArrayList<>(newestFirst);
        points.sort((a, b) -> Long.compare(a.ts(), b.ts()));
        List<Map<String, Object>> rows = args.rate() ? rates(points) : values(points);
        if (printer.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("query", describe());
            json.put("points", rows);
            printer.printJson(json);
            return;
        }
        if (rows.isEmpty()) {
            printer.text("no points match");
            return;
        }
        String valueColumn = args.rate() ? "RATE/S" : "VALUE";
        Table table = Table.withHeader("TIME", "MODULE", "KEY", "TAGS", valueColumn);
        for (Map<String, Object> row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, String> tags = (Map<String, String>) row.get("tags");
            table.row(Printer.time((Long) row.get("ts")), row.get("module"), row.get("key"),
                    tags.isEmpty() ? "-" : tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(",")),
                    number((Double) row.get(args.rate() ? "rate" : "value")));
        }
        printer.print(table);
    }

    /** The query as run; {@code to} is null when no --until was given (open-ended, not the year 9999). */
    private Map<String, Object> describe() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("module", query.module());
        json.put("key", query.key());
        json.put("tags", query.tags());
        json.put("from", query.from());
        json.put("to", Arguments.absent(args.until()) ? null : query.to());
        json.put("limit", query.limit());
        json.put("stepMillis", query.step() == null ? null : query.step().toMillis());
        json.put("aggregation", query.aggregation() == null ? null
                : query.aggregation().name().toLowerCase(Locale.ROOT));
        return json;
    }

    private static List<Map<String, Object>> values(List<MetricRecord> points) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MetricRecord point : points) {
            rows.add(row(point));
        }
        return rows;
    }

    /** Per-second rates between consecutive points of each series; a drop (counter reset) gives no rate. */
    private static List<Map<String, Object>> rates(List<MetricRecord> points) {
        Map<String, MetricRecord> previous = new HashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MetricRecord point : points) {
            String series = point.module() + '\u0000' + point.key() + '\u0000' + point.tags();
            MetricRecord before = previous.put(series, point);
            if (before == null || point.ts() <= before.ts() || point.value() < before.value()) {
                continue;
            }
            Map<String, Object> row = row(point);
            row.put("rate", (point.value() - before.value()) * 1000.0 / (point.ts() - before.ts()));
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> row(MetricRecord point) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ts", point.ts());
        row.put("module", point.module());
        row.put("key", point.key());
        row.put("tags", point.tags());
        row.put("value", point.value());
        return row;
    }

    /**
     * A value as people read it, never with an exponent: whole numbers exactly (byte counters run to billions and
     * beyond), others to at most {@value #DECIMALS} decimals, or {@value #DECIMALS} significant digits below 1, with
     * trailing zeros trimmed.
     */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value)) {
            return new BigDecimal(value).toPlainString();
        }
        BigDecimal shortest = BigDecimal.valueOf(value);
        BigDecimal shown = Math.abs(value) >= 1 ? shortest.setScale(Math.min(shortest.scale(), DECIMALS),
                RoundingMode.HALF_EVEN) : shortest.round(new MathContext(DECIMALS, RoundingMode.HALF_EVEN));
        return shown.stripTrailingZeros().toPlainString();
    }
}
