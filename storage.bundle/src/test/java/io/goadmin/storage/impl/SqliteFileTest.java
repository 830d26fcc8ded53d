package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFileTest {
    @TempDir
    Path folder;

    @Test
    void everyConnectionItOpensHasTheSmallPageCacheInsteadOfSqlitesDefault() throws Exception {
        Path database = StorageTestSupport.databaseIn(folder);
        StorageTestSupport.open(folder).close();
        var dataSource = SqliteFile.dataSource(database, StorageSettings.defaults(database));

        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            // Negative: KiB rather than pages. SQLite's own default would read -2000.
            assertThat(SqliteFile.longPragma(first, "PRAGMA cache_size")).isEqualTo(-SqliteFile.PAGE_CACHE_KIB);
            assertThat(SqliteFile.longPragma(second, "PRAGMA cache_size")).isEqualTo(-SqliteFile.PAGE_CACHE_KIB);
        }
    }
}
