package io.goadmin.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/** The scheduler's live state, published as a service by the scheduler bundle. */
@ProviderType
public interface SchedulerStatus {

    /** The configuration PID of the scheduler: {@code etc/goadmin.scheduler.cfg}. */
    String PID = "goadmin.scheduler";

    /** A consistent snapshot of the scheduler and every tracked collector. */
    SchedulerSnapshot snapshot();
}
