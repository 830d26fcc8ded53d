package io.goadmin.storage.impl;

/**
 * The few log calls storage makes. The DS component adapts the OSGi {@code Logger}; tests collect the lines. A
 * Throwable is passed only for bugs: expected conditions are one line of text.
 */
public interface StorageLog {

    /** Details for someone debugging. */
    void debug(String message);

    /** Normal life-cycle events: opened, migrated, purged, closed. */
    void info(String message);

    /** Something the admin should look at. */
    void warn(String message);

    /** A failure; {@code bug} is null for expected conditions. */
    void error(String message, Throwable bug);
}
