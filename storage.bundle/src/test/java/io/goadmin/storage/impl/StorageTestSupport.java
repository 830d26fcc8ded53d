package io.goadmin.storage.impl;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Opens storages on real files in a test folder. */
final class StorageTestSupport {
    /** A fixed "now" for tests that age data: 2026-12-01T00:00Z. */
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private StorageTestSupport() {
    }

    static Path databaseIn(Path folder) {
        return folder.resolve("data").resolve("goadmin.db");
    }

    static SqliteStorage open(Path folder) {
        return SqliteStorage.open(StorageSettings.defaults(databaseIn(folder)), new TestLog(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static SqliteStorage open(StorageSettings settings) {
        return SqliteStorage.open(settings, new TestLog(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A plain connection for checking the file from outside the storage. */
    static Connection connect(Path database) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + database);
    }
}
