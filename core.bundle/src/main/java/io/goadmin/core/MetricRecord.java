package io.goadmin.core;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One measurement: at {@code ts} (UTC epoch milliseconds) the collector {@code module} saw {@code key} = {@code value},
 * with optional {@code tags} naming the cpu, device, interface or mount point. Validated on construction.
 */
public record MetricRecord(long ts, String module, String key, double value, Map<String, String> tags) {

    /** Validates every field and keeps an immutable, sorted copy of the tags. */
    public MetricRecord {
        Validation.timestamp("metric ts", ts);
        Validation.name("metric module", module);
        Validation.name("metric key", key);
        Validation.finite("metric value of '" + key + "'", value);
        tags = Collections.unmodifiableMap(new TreeMap<>(Validation.tags(tags)));
    }

    /** A record without tags. */
    public MetricRecord(long ts, String module, String key, double value) {
        this(ts, module, key, value, Map.of());
    }
}
