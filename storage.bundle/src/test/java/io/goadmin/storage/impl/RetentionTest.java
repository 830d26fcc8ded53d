package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.AuditQuery;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.PurgeRequest;
import io.goadmin.core.PurgeResult;
import io.goadmin.core.Query;
import io.goadmin.core.StorageStatus;

class RetentionTest {
    private static final long NOW = StorageTestSupport.NOW.toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    @TempDir
    Path folder;

    @Test
    void retentionRemovesExactlyTheExpiredRowsAndTheFileShrinks() throws Exception {
        StorageSettings settings = StorageSettings.defaults(StorageTestSupport.databaseIn(folder)).withPurgeBatch(1000);
        try (SqliteStorage storage = StorageTestSupport.open(settings)) {
            saveMetrics(storage, NOW - 40 * DAY, 20_000, "old");
            saveMetrics(storage, NOW - 30 * DAY + 1, 10_000, "kept");
            for (int i = 0; i < 20; i++) {
                storage.saveAuditEvent(audit(NOW - 91 * DAY + i));
                storage.saveAuditEvent(audit(NOW - 89 * DAY + i));
            }
            assertThat(storage.checkpointTruncate()).isTrue();
            long before = Files.size(StorageTestSupport.databaseIn(folder));

            PurgeResult result = storage.runRetention();

            assertThat(result.reason()).isEqualTo("retention");
            assertThat(result.metricsRemoved()).isEqualTo(20_000);
            assertThat(result.auditEventsRemoved()).isEqualTo(20);
            StorageStatus status = storage.status();
            assertThat(status.tables().get(0).rows()).isEqualTo(10_000);
            assertThat(status.tables().get(0).oldestTs()).isEqualTo(NOW - 30 * DAY + 1);
            assertThat(status.tables().get(1).rows()).isEqualTo(20);
            assertThat(storage.queryMetrics(Query.builder().tags(Map.of("batch", "old")).limit(10).build())).isEmpty();
            assertThat(Files.size(StorageTestSupport.databaseIn(folder))).isLessThan(before);
            assertThat(result.bytesFreed()).isPositive();
            assertThat(status.lastPurge()).isEqualTo(result);
        }
    }

    /**
     * Saves that go on during the purge take free pages first (a poll of 200 records takes several): the vacuum must
     * give back more pages per turn than they take.
     */
    @Test
    void theSpaceIsGivenBackWhileSavesGoOn() throws Exception {
        try (SqliteStorage storage = StorageTestSupport.open(folder)) {
            saveMetrics(storage, NOW - 40 * DAY, 20_000, "old");
            assertThat(storage.checkpointTruncate()).isTrue();
            long before = storage.status().fileBytes();
            AtomicBoolean stop = new AtomicBoolean();
            // At most 2,000 new rows (a tenth of the purged ones), a poll every few milliseconds, so the file the
            // purge leaves is mostly given back however fast this machine saves.
            Thread saver = new Thread(() -> {
                long ts = NOW - DAY;
                for (int polls = 0; polls < 10 && !stop.get(); polls++, ts += 200_000) {
                    List<MetricRecord> poll = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        poll.add(new MetricRecord(ts + i * 1000L, "net", "rx_bytes", i, Map.of("batch", "live")));
                    }
                    storage.saveMetrics(poll);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            saver.start();
            PurgeResult result;
            try {
                result = storage.runRetention();
            } finally {
                stop.set(true);
                saver.join();
            }

            assertThat(result.metricsRemoved()).isEqualTo(20_000);
            assertThat(result.bytesFreed()).as("of a %d-byte file", before).isGreaterThan(before * 2 / 3);
        }
    }

    /**
     * A TRUNCATE checkpoint holds the write lock while it waits for readers: with the connection's busy timeout
     * (5 s, twenty attempts) a long query or a backup would stall every save for minutes. It gives up at once
     * instead; the bound here only catches that hang.
     */
    @Test
    void thePostPurgeCheckpointDoesNotWaitForAReaderOnAnOldSnapshot() throws Exception {
        try (SqliteStorage storage = StorageTestSupport.open(folder);
                Connection reader = StorageTestSupport.connect(StorageTestSupport.databaseIn(folder))) {
            saveMetrics(storage, NOW - DAY, 100, "first");
            reader.setAutoCommit(false);
            try (var rows = reader.createStatement().executeQuery("SELECT COUNT(*) FROM metrics")) {
                assertThat(rows.next()).isTrue();
                saveMetrics(storage, NOW - DAY / 2, 100, "after the reader's snapshot");

                boolean completed = assertTimeoutPreemptively(Duration.ofSeconds(30), storage::checkpointTruncate);

                assertThat(completed).as("the reader still needs the WAL").isFalse();
            }
            reader.rollback();
            assertThat(storage.checkpointTruncate()).isTrue();
        }
    }

    @Test
    void manualPurgeHonoursModuleAndDryRunAndReportsProgress() {
        try (SqliteStorage storage = StorageTestSupport.open(folder)) {
            storage.saveMetrics(List.of(new MetricRecord(NOW - 10 * DAY, "cpu", "usage", 1),
                    new MetricRecord(NOW - 10 * DAY, "mem", "used", 1), new MetricRecord(NOW - DAY, "cpu", "usage", 1)));
            List<String> phases = new ArrayList<>();

            PurgeResult dry = storage.purge(new PurgeRequest(Duration.ofDays(7), "cpu", true), null);
            PurgeResult real = storage.purge(new PurgeRequest(Duration.ofDays(7), "cpu", false),
                    (phase, done, total) -> phases.add(phase + " " + done + "/" + total));

            assertThat(dry.dryRun()).isTrue();
            assertThat(dry.metricsRemoved()).isEqualTo(1);
            assertThat(real.metricsRemoved()).isEqualTo(1);
            assertThat(storage.queryMetrics(Query.builder().build())).extracting(MetricRecord::module)
                    .containsExactly("mem", "cpu");
            assertThat(phases).contains("metrics 0/1", "metrics 1/1");
        }
    }

    @Test
    void emergencyPurgeRemovesTheOldestMetricsBelowTheLowMarkAndAuditsIt() throws Exception {
        StorageSettings capped = StorageSettings.defaults(StorageTestSupport.databaseIn(folder))
                .withMaxDatabaseBytes(1 << 20).withPurgeBatch(2000);
        try (SqliteStorage storage = StorageTestSupport.open(capped)) {
            storage.saveAuditEvent(audit(NOW - 50 * DAY));
            saveMetrics(storage, NOW - 5 * DAY, 20_000, "bulk");
            assertThat(storage.enforceSizeCap()).as("over the cap").isNotNull();

            assertThat(storage.enforceSizeCap()).as("back under the cap").isNull();
            StorageStatus status = storage.status();
            assertThat(status.tables().get(0).rows()).isBetween(1L, 19_999L);
            long firstKept = NOW - 5 * DAY + (20_000 - status.tables().get(0).rows()) * 1000;
            assertThat(status.tables().get(0).oldestTs()).as("the oldest went first").isEqualTo(firstKept);
            assertThat(status.lastPurge().reason()).isEqualTo("emergency");
            assertThat(storage.queryAuditEvents(new AuditQuery(null, null, 0, 10)))
                    .extracting(AuditEvent::action).containsExactly("purge.emergency", "user.login");
            AuditEvent event = storage.queryAuditEvents(new AuditQuery("goadmin", "purge.emergency", 0, 1)).get(0);
            assertThat(event.source()).isEqualTo(AuditEvent.SOURCE_SYSTEM);
            assertThat(event.payloadJson()).contains("\"metrics_removed\"");
        }
        assertThat(Files.size(StorageTestSupport.databaseIn(folder))).isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void aFloodOfRecentMetricsIsHeldUnderTheCapToo() throws Exception {
        StorageSettings capped = StorageSettings.defaults(StorageTestSupport.databaseIn(folder))
                .withMaxDatabaseBytes(1 << 20);
        try (SqliteStorage storage = SqliteStorage.open(capped, new TestLog(), Clock.fixed(StorageTestSupport.NOW,
                ZoneOffset.UTC))) {
            saveMetrics(storage, NOW - 1800_000, 20_000, "flood"); // all from the last half hour

            PurgeResult purge = storage.enforceSizeCap();

            assertThat(purge).as("over the cap").isNotNull();
            assertThat(purge.metricsRemoved()).isBetween(1L, 19_999L);
            assertThat(storage.enforceSizeCap()).as("back under the cap").isNull();
            long kept = storage.status().tables().get(0).rows();
            assertThat(storage.status().tables().get(0).oldestTs()).as("the oldest went first")
                    .isEqualTo(NOW - 1800_000 + (20_000 - kept) * 1000);
        }
        assertThat(Files.size(StorageTestSupport.databaseIn(folder))).isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void whenAuditEventsFillTheCapTheLastHourOfMetricsStaysAndTheAdminIsToldOnce() throws Exception {
        StorageSettings capped = StorageSettings.defaults(StorageTestSupport.databaseIn(folder))
                .withMaxDatabaseBytes(1 << 20);
        TestLog log = new TestLog();
        try (SqliteStorage storage = SqliteStorage.open(capped, log, Clock.fixed(StorageTestSupport.NOW,
                ZoneOffset.UTC))) {
            String note = "{\"note\": \"" + "x".repeat(4000) + "\"}";
            for (int i = 0; i < 400; i++) {
                storage.saveAuditEvent(new AuditEvent(NOW - DAY + i, "alice", "config.set", "cli", "ok", "r" + i, note));
            }
            saveMetrics(storage, NOW - 2 * DAY, 1000, "old");
            saveMetrics(storage, NOW - 1800_000, 1000, "recent");

            PurgeResult first = storage.enforceSizeCap();
            PurgeResult second = storage.enforceSizeCap();

            assertThat(first.metricsRemoved()).isEqualTo(1000);
            assertThat(second).as("nothing left to remove").isNull();
            assertThat(storage.queryMetrics(Query.builder().tags(Map.of("batch", "recent")).limit(2000).build()))
                    .hasSize(1000);
            assertThat(storage.status().tables().get(1).rows()).as("audit events stay").isEqualTo(401);
            assertThat(log.lines()).filteredOn(line -> line.contains("over its size cap")).hasSize(1)
                    .first().asString().contains("retention.audit");
        }
    }

    private static void saveMetrics(SqliteStorage storage, long from, int count, String batch) {
        List<MetricRecord> chunk = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chunk.add(new MetricRecord(from + i * 1000L, "net", "rx_bytes", i, Map.of("batch", batch, "iface", "eth0")));
            if (chunk.size() == 1000) {
                storage.saveMetrics(chunk);
                chunk.clear();
            }
        }
        storage.saveMetrics(chunk);
    }

    private static AuditEvent audit(long ts) {
        return new AuditEvent(ts, "alice", "user.login", "cli", "ok", "r" + ts, null);
    }
}
