package io.goadmin.storage.impl.flyway;

import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import io.goadmin.storage.impl.FlywayRun;
import io.goadmin.storage.impl.Migrations;
import io.goadmin.storage.impl.StorageLog;

/**
 * Flyway's migrate with our scripts, defined by a FlywayClassLoader. The scripts are handed over rather than found by
 * Flyway's class path scanner, which would look for them through the OSGi bundle that defined Flyway's classes, and
 * that is no bundle here.
 */
public final class FlywayMigration implements FlywayRun {
    /** Called by FlywayClassLoader. */
    public FlywayMigration() {
        // Stateless: a run is one call of migrate.
    }

    @Override
    public void migrate(DataSource dataSource, StorageLog log, Map<String, String> upScripts) {
        FlywayLogBridge.sendTo(log);
        try {
            Flyway.configure(FlywayMigration.class.getClassLoader())
                    .dataSource(dataSource)
                    .resourceProvider(new Scripts(upScripts))
                    .javaMigrationClassProvider(Scripts::noJavaMigrations)
                    .table(Migrations.HISTORY_TABLE)
                    .loggers(FlywayLogBridge.class.getName())
                    .cleanDisabled(true)
                    .validateOnMigrate(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException(firstLine(e.getMessage()));
        } finally {
            FlywayLogBridge.sendTo(null);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String trimmed = message.strip();
        int end = trimmed.indexOf('\n');
        return end < 0 ? trimmed : trimmed.substring(0, end).strip();
    }
}
