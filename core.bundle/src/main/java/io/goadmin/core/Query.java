package io.goadmin.core;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A metric query: optional {@code module}, {@code key} and {@code tags} filters, the time range
 * {@code [from, to)} in UTC epoch milliseconds, at most {@code limit} rows in {@code order}, and optionally
 * bucketed by {@code step} with an {@code aggregation}. Build one with {@link #builder()}.
 */
public record Query(String module, String key, Map<String, String> tags, long from, long to, int limit, Order order,
        Duration step, Aggregation aggregation) {

    /** Rows returned when no limit is given. */
    public static final int DEFAULT_LIMIT = 1000;
    /** Most rows one query may return. */
    public static final int MAX_LIMIT = 100_000;

    /** Row order by timestamp. */
    public enum Order {
        /** Oldest first. */
        ASC,
        /** Newest first. */
        DESC
    }

    /** How the values in one step bucket are combined. */
    public enum Aggregation {
        /** Arithmetic mean. */
        AVG,
        /** Smallest value. */
        MIN,
        /** Largest value. */
        MAX,
        /** The value with the latest timestamp. */
        LAST
    }

    /** Validates the filters and the range. */
    public Query {
        if (module != null) {
            Validation.name("query module", module);
        }
        if (key != null) {
            Validation.name("query key", key);
        }
        tags = Collections.unmodifiableMap(new TreeMap<>(Validation.tags(tags)));
        Validation.timestamp("query from", from);
        Validation.timestamp("query to", to);
        if (from > to) {
            throw new ValidationException("query range", from + ".." + to, "from must not be after to");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("query limit", limit, "use 1 to " + MAX_LIMIT);
        }
        if (order == null) {
            order = Order.ASC;
        }
        if (step != null && step.toMillis() < 1000) {
            throw new ValidationException("query step", step, "use at least 1s");
        }
        if (step != null && aggregation == null) {
            aggregation = Aggregation.AVG;
        }
        if (step == null && aggregation != null) {
            throw new ValidationException("query aggregation", aggregation, "it needs a step");
        }
    }

    /** A builder with no filters, all time, {@link #DEFAULT_LIMIT} rows, oldest first. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Query}; every field is optional. */
    public static final class Builder {
        private String module;
        private String key;
        private Map<String, String> tags = Map.of();
        private long from;
        private long to = Validation.TS_MAX;
        private int limit = DEFAULT_LIMIT;
        private Order order = Order.ASC;
        private Duration step;
        private Aggregation aggregation;

        private Builder() {
        }

        /** Only this module. */
        public Builder module(String value) {
            this.module = value;
            return this;
        }

        /** Only this key. */
        public Builder key(String value) {
            this.key = value;
            return this;
        }

        /** Only records carrying all these tags. */
        public Builder tags(Map<String, String> value) {
            this.tags = value;
            return this;
        }

        /** Records at or after this time (UTC epoch milliseconds). */
        public Builder from(long value) {
            this.from = value;
            return this;
        }

        /** Records before this time (UTC epoch milliseconds). */
        public Builder to(long value) {
            this.to = value;
            return this;
        }

        /** At most this many rows. */
        public Builder limit(int value) {
            this.limit = value;
            return this;
        }

        /** Row order. */
        public Builder order(Order value) {
            this.order = value;
            return this;
        }

        /** Bucket by this step, combining each bucket with {@code how}. */
        public Builder step(Duration value, Aggregation how) {
            this.step = value;
            this.aggregation = how;
            return this;
        }

        /** The validated query. */
        public Query build() {
            return new Query(module, key, tags, from, to, limit, order, step, aggregation);
        }
    }
}
