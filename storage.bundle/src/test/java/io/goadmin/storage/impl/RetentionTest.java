package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
