package io.goadmin.core;

import org.osgi.annotation.versioning.ConsumerType;

/** Told how a long operation (purge, backup) advances, so a command can show progress. */
@ConsumerType
@FunctionalInterface
public interface ProgressListener {

    /** Ignores progress. */
    ProgressListener NONE = (phase, done, total) -> { };

    /** {@code done} of {@code total} units (rows or pages; total -1 if unknown) of {@code phase} are finished. */
    void progress(String phase, long done, long total);
}
