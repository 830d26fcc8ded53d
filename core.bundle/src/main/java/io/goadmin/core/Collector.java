package io.goadmin.core;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The service a collector bundle publishes. The scheduler finds every registered collector, polls it on its
 * interval, and stores what it emits under its {@link #name()} as the metric module.
 *
 * <p>A poll runs on a scheduler worker thread with a deadline: a collector checks
 * {@link PollContext#isCancelled()} between expensive steps and treats thread interruption as a request to stop.
 * A poll that has not returned when the scheduler's timer sees its deadline pass is cancelled and all of its records
 * are discarded, so return with what you have rather than run late.
 */
@ConsumerType
public interface Collector {

    /** Service property: this collector's poll interval, overriding the scheduler's, as a duration like {@code 30s}. */
    String INTERVAL_PROPERTY = "collector.interval";

    /** Service property: {@code false} keeps this collector registered but unpolled. */
    String ENABLED_PROPERTY = "collector.enabled";

    /** The metric module this collector writes, a {@link Validation#NAME} such as {@code cpu}. */
    String name();

    /**
     * Takes one set of measurements and emits them through {@code context}.
     *
     * @throws Exception any failure; the scheduler counts and logs it and polls again on the next tick
     */
    void collect(PollContext context) throws Exception;
}
