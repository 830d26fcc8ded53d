package io.goadmin.storage.impl;

import java.util.Map;

import javax.sql.DataSource;

/**
 * One run of Flyway's migrate, the only way into Flyway. The implementation lives in a {@link FlywayClassLoader} of
 * its own, so only this interface, {@link StorageLog} and JDK types cross between it and the rest of the bundle.
 */
public interface FlywayRun {
    /**
     * Applies every pending script of {@code upScripts} (file name, such as {@code V1__initial_schema.sql}, to its
     * SQL) to the file behind {@code dataSource}; Flyway's progress and warnings go to {@code log}.
     *
     * @throws IllegalStateException with the first line of Flyway's message if the migration fails; Flyway's own
     *                               exception stays behind, so nothing keeps its class loader alive
     */
    void migrate(DataSource dataSource, StorageLog log, Map<String, String> upScripts);
}
