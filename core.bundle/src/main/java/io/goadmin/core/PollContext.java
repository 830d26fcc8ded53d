package io.goadmin.core;

import java.time.Instant;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the scheduler gives a {@link Collector} for one poll: the poll's timestamp and deadline, a way to learn it was
 * cancelled, and the sink for the records it emits. Not shared between threads.
 */
@ProviderType
public interface PollContext {

    /** The timestamp (UTC epoch milliseconds) every record of this poll carries. */
    long timestamp();

    /** When this poll must be finished; a poll still running when the scheduler notices it loses all its records. */
    Instant deadline();

    /** True once the deadline has passed or the scheduler is stopping; the collector should return promptly. */
    boolean isCancelled();

    /**
     * Emits one measurement without tags.
     *
     * @return false if the record was rejected by validation or the poll was cancelled (the scheduler counts it)
     */
    boolean emit(String key, double value);

    /**
     * Emits one measurement with tags naming the cpu, device, interface or mount point.
     *
     * @return false if the record was rejected by validation or the poll was cancelled (the scheduler counts it)
     */
    boolean emit(String key, double value, Map<String, String> tags);
}
