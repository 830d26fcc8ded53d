package io.goadmin.collector.support.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.PollContext;
import io.goadmin.core.ValidationException;

/**
 * A {@link PollContext} for tests and benchmarks that turns every emit into a validated {@link MetricRecord}, as the
 * scheduler does, and keeps the records and the rejections. Never cancelled.
 */
public final class RecordingPollContext implements PollContext {
    private final String module;
    private final long timestamp;
    private final List<MetricRecord> records = new ArrayList<>();
    private final List<String> rejections = new ArrayList<>();

    /** A context for collector {@code module} polled now. */
    public RecordingPollContext(String module) {
        this(module, System.currentTimeMillis());
    }

    /** A context for collector {@code module} polled at {@code timestamp}. */
    public RecordingPollContext(String module, long timestamp) {
        this.module = module;
        this.timestamp = timestamp;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public Instant deadline() {
        return Instant.MAX;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean emit(String key, double value) {
        return emit(key, value, Map.of());
    }

    @Override
    public boolean emit(String key, double value, Map<String, String> tags) {
        try {
            records.add(new MetricRecord(timestamp, module, key, value, tags));
            return true;
        } catch (ValidationException e) {
            rejections.add(e.getMessage());
            return false;
        }
    }

    /** Every record emitted so far, in order. */
    public List<MetricRecord> records() {
        return List.copyOf(records);
    }

    /** The validation messages of rejected emits. */
    public List<String> rejections() {
        return List.copyOf(rejections);
    }

    /** The value of the record with {@code key} and exactly {@code tags}, if one was emitted. */
    public Optional<Double> value(String key, Map<String, String> tags) {
        return records.stream()
                .filter(r -> r.key().equals(key) && r.tags().equals(tags))
                .map(MetricRecord::value)
                .findFirst();
    }

    /** The value of the untagged record with {@code key}, if one was emitted. */
    public Optional<Double> value(String key) {
        return value(key, Map.of());
    }

    /** Forgets the records and rejections, for the next poll. */
    public void clear() {
        records.clear();
        rejections.clear();
    }
}
