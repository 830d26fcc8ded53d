package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.AuditQuery;
import io.goadmin.core.JobState;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.Query;
import io.goadmin.core.StorageStatus;

class SqliteStorageTest {
    private static final long T0 = StorageTestSupport.NOW.toEpochMilli() - 3_600_000;

    @TempDir
    Path folder;
    private SqliteStorage storage;

    @BeforeEach
    void open() {
        storage = StorageTestSupport.open(folder);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void savedMetricsComeBackInOrderWithTheirTags() {
        storage.saveMetric(new MetricRecord(T0, "cpu", "usage", 12.5, Map.of("cpu", "0")));
        storage.saveMetrics(List.of(new MetricRecord(T0 + 1000, "cpu", "usage", 13.5, Map.of("cpu", "0")),
                new MetricRecord(T0 + 1000, "mem", "used", 1024)));

        List<MetricRecord> cpu = storage.queryMetrics(Query.builder().module("cpu").build());

        assertThat(cpu).containsExactly(new MetricRecord(T0, "cpu", "usage", 12.5, Map.of("cpu", "0")),
                new MetricRecord(T0 + 1000, "cpu", "usage", 13.5, Map.of("cpu", "0")));
        assertThat(storage.queryMetrics(Query.builder().order(Query.Order.DESC).limit(1).build()))
                .extracting(MetricRecord::module).containsExactly("mem");
    }

    @Test
    void queriesFilterByKeyTagsAndTimeRange() {
        for (int i = 0; i < 10; i++) {
            storage.saveMetric(new MetricRecord(T0 + i * 1000L, "disk", "free", i, Map.of("mount", "/")));
            storage.saveMetric(new MetricRecord(T0 + i * 1000L, "disk", "free", 100 + i, Map.of("mount", "/var")));
            storage.saveMetric(new MetricRecord(T0 + i * 1000L, "disk", "used", 1));
        }

        List<MetricRecord> varFree = storage.queryMetrics(Query.builder().module("disk").key("free")
                .tags(Map.of("mount", "/var")).from(T0 + 2000).to(T0 + 5000).build());

        assertThat(varFree).extracting(MetricRecord::value).containsExactly(102.0, 103.0, 104.0);
    }

    @Test
    void stepAggregationIsComputedPerBucketAndSeries() {
        // T0 is on a minute boundary: seconds 0..59 fall in the first bucket, 60..119 in the second.
        for (int i = 0; i < 120; i++) {
            storage.saveMetric(new MetricRecord(T0 + i * 1000L, "cpu", "usage", i));
            storage.saveMetric(new MetricRecord(T0 + i * 1000L, "cpu", "usage", 1000 + i, Map.of("cpu", "1")));
        }
        Query.Builder perMinute = Query.builder().module("cpu").tags(Map.of()).from(T0).to(T0 + 120_000);

        List<MetricRecord> avg = storage.queryMetrics(perMinute.step(Duration.ofMinutes(1), null).build());

        // Within a bucket, series sort by their tags' JSON: {"cpu":"1"} before {}.
        assertThat(avg).containsExactly(new MetricRecord(T0, "cpu", "usage", 1029.5, Map.of("cpu", "1")),
                new MetricRecord(T0, "cpu", "usage", 29.5),
                new MetricRecord(T0 + 60_000, "cpu", "usage", 1089.5, Map.of("cpu", "1")),
                new MetricRecord(T0 + 60_000, "cpu", "usage", 89.5));
        assertThat(values(perMinute.step(Duration.ofMinutes(1), Query.Aggregation.MIN))).containsExactly(1000.0,
                0.0, 1060.0, 60.0);
        assertThat(values(perMinute.step(Duration.ofMinutes(1), Query.Aggregation.MAX))).containsExactly(1059.0,
                59.0, 1119.0, 119.0);
        assertThat(values(perMinute.step(Duration.ofMinutes(1), Query.Aggregation.LAST))).containsExactly(1059.0,
                59.0, 1119.0, 119.0);
        assertThat(values(perMinute.order(Query.Order.DESC).step(Duration.ofMinutes(1), Query.Aggregation.MIN)))
                .containsExactly(1060.0, 60.0, 1000.0, 0.0);
    }

    private List<Double> values(Query.Builder query) {
        return storage.queryMetrics(query.build()).stream().map(MetricRecord::value).toList();
    }

    @Test
    void hostileStringsAreStoredAsDataNotRunAsSql() {
        String hostile = "x'); DROP TABLE metrics; --";
        storage.saveMetric(new MetricRecord(T0, "net", "rx", 1, Map.of("iface", hostile)));
        storage.saveAuditEvent(new AuditEvent(T0, "robert'); DROP TABLE audit_events;--", "user.login", "cli",
                "ok", "req-1", "{\"note\":\"' OR 1=1 --\"}"));

        assertThat(storage.queryMetrics(Query.builder().tags(Map.of("iface", hostile)).build()))
                .extracting(record -> record.tags().get("iface")).containsExactly(hostile);
        assertThat(storage.queryMetrics(Query.builder().tags(Map.of("iface", "' OR '1'='1")).build())).isEmpty();
        assertThat(storage.queryAuditEvents(new AuditQuery("robert'); DROP TABLE audit_events;--", null, 0, 10)))
                .singleElement().satisfies(event -> assertThat(event.payloadJson()).contains("OR 1=1"));
        assertThat(storage.status().tables()).extracting(StorageStatus.TableStats::rows).containsExactly(1L, 1L, 0L);
    }

    /**
     * Records, events and queries are validated when they are built (MetricRecordTest, AuditEventTest, QueryTest), so
     * storage cannot receive an invalid one; what it checks itself is that nothing is missing, before anything of a
     * batch is stored.
     */
    @Test
    void missingInputIsRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> storage.saveMetrics(Arrays.asList(new MetricRecord(T0, "cpu", "usage", 1), null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> storage.saveMetric(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> storage.saveAuditEvent(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> storage.queryMetrics(null)).isInstanceOf(NullPointerException.class);

        assertThat(storage.status().recordsWritten()).isZero();
        assertThat(storage.status().tables()).extracting(StorageStatus.TableStats::rows).containsExactly(0L, 0L, 0L);
    }

    @Test
    void auditEventsComeBackNewestFirstFilteredBySubjectAndAction() {
        storage.saveAuditEvent(new AuditEvent(T0, "alice", "collector.disable", "cli", "ok", "r1", null));
        storage.saveAuditEvent(new AuditEvent(T0 + 1, "bob", "collector.disable", "shell", "denied", "r2", null));
        storage.saveAuditEvent(new AuditEvent(T0 + 2, "alice", "purge", "cli", "ok", "r3", "{\"dry\":true}"));

        assertThat(storage.queryAuditEvents(new AuditQuery("alice", null, 0, 10)))
                .extracting(AuditEvent::requestId).containsExactly("r3", "r1");
        assertThat(storage.queryAuditEvents(new AuditQuery(null, "collector.disable", T0 + 1, 10)))
                .extracting(AuditEvent::subject).containsExactly("bob");
    }

    @Test
    void jobStateReplacesThePreviousStateOfTheSameJob() {
        storage.saveJobState(new JobState("collector.cpu", JobState.KIND_COLLECTOR, 10_000, true, null, null, null,
                null, 0, 0, 0, 0, 0, T0));
        JobState later = new JobState("collector.cpu", JobState.KIND_COLLECTOR, 10_000, true, T0, 12L, "error",
                "boom", 1, 1, 0, 0, 0, T0 + 10_000);
        storage.saveJobState(later);
        JobState retention = new JobState("retention", JobState.KIND_RETENTION, 3_600_000, false, null, null, null,
                null, 0, 0, 0, 0, 0, null);
        storage.saveJobState(retention);

        assertThat(storage.jobStates()).containsExactly(later, retention);
    }

    @Test
    void aPollsRecordsAndItsJobStateShareOneCommit() {
        JobState afterPoll = new JobState("collector.cpu", JobState.KIND_COLLECTOR, 10_000, true, T0, 3L, "ok", null,
                1, 0, 0, 0, 2, T0 + 10_000);
        long commitsBefore = storage.commits();

        storage.savePoll(List.of(new MetricRecord(T0, "cpu", "usage", 1), new MetricRecord(T0, "cpu", "idle", 99)),
                afterPoll);

        assertThat(storage.commits() - commitsBefore).isEqualTo(1);
        assertThat(storage.jobStates()).containsExactly(afterPoll);
        assertThat(storage.queryMetrics(Query.builder().module("cpu").build())).hasSize(2);
    }

    @Test
    void aPollWithoutRecordsStillStoresItsJobState() {
        JobState afterPoll = new JobState("collector.idle", JobState.KIND_COLLECTOR, 10_000, true, T0, 1L, "ok", null,
                1, 0, 0, 0, 0, T0 + 10_000);

        storage.savePoll(List.of(), afterPoll);

        assertThat(storage.jobStates()).containsExactly(afterPoll);
    }

    @Test
    void timeRangeQueriesUseTheIndexes() throws Exception {
        storage.saveMetric(new MetricRecord(T0, "cpu", "usage", 1));
        List<String> byTime = plan(Query.builder().from(T0).to(T0 + 3_600_000).build());
        List<String> byModule = plan(Query.builder().module("cpu").from(T0).to(T0 + 3_600_000).build());
        List<String> aggregated = plan(Query.builder().module("cpu").from(T0).to(T0 + 3_600_000)
                .step(Duration.ofMinutes(1), Query.Aggregation.AVG).build());

        assertThat(byTime).anyMatch(step -> step.contains("USING INDEX metrics_ts"));
        assertThat(byModule).anyMatch(step -> step.contains("USING INDEX metrics_module_ts"));
        assertThat(aggregated).anyMatch(step -> step.contains("USING INDEX metrics_module_ts"));
        assertThat(byTime).noneMatch(step -> step.startsWith("SCAN metrics") && !step.contains("INDEX"));
    }

    @Test
    void statusReportsCountersSizesAndPolicy() {
        storage.saveMetrics(List.of(new MetricRecord(T0, "cpu", "usage", 1), new MetricRecord(T0 + 5, "cpu", "x", 2)));

        StorageStatus status = storage.status();

        assertThat(status.recordsWritten()).isEqualTo(2);
        assertThat(status.schemaVersion()).isEqualTo("1");
        assertThat(status.fileBytes()).isPositive();
        assertThat(status.writeLatency().count()).isEqualTo(1);
        assertThat(status.tables().get(0)).isEqualTo(new StorageStatus.TableStats("metrics", 2, T0, T0 + 5));
        assertThat(status.retention().metricsMaxAgeMillis()).isEqualTo(Duration.ofDays(30).toMillis());
        assertThat(status.queueDepth()).isZero();
    }

    @Test
    void selfMetricsDescribeTheStatusUnderTheirOwnModule() {
        storage.saveMetric(new MetricRecord(T0, "cpu", "usage", 1));

        storage.saveMetrics(SelfMetrics.of(storage, T0 + 1));

        assertThat(storage.queryMetrics(Query.builder().module(SelfMetrics.MODULE).key("records_written").build()))
                .singleElement().extracting(MetricRecord::value).isEqualTo(1.0);
        assertThat(storage.queryMetrics(Query.builder().module(SelfMetrics.MODULE).key("commits").build()))
                .as("the one save before the self-metrics were taken").singleElement()
                .extracting(MetricRecord::value).isEqualTo(1.0);
    }

    @Test
    void selfMetricLatencyCoversTheSavesSinceThePreviousOne() {
        for (int i = 0; i < 3; i++) {
            storage.saveMetric(new MetricRecord(T0 + i, "cpu", "usage", i));
        }
        List<MetricRecord> first = SelfMetrics.of(storage, T0 + 10);
        storage.saveMetrics(first);
        storage.saveMetrics(SelfMetrics.of(storage, T0 + 20));

        assertThat(values("write_latency_samples")).as("three saves, then the self-metrics' own save")
                .containsExactly(3.0, 1.0);
        assertThat(values("write_latency_p95_us")).hasSize(2);
        assertThat(storage.status().writeLatency().count()).as("status keeps every save since start").isEqualTo(5);
    }

    @Test
    void purgeAndJobStateTurnsAreNotSaveLatency() {
        storage.saveMetric(new MetricRecord(T0, "cpu", "usage", 1));
        storage.saveJobState(new JobState("retention", JobState.KIND_RETENTION, 3_600_000, true, null, null, null,
                null, 0, 0, 0, 0, 0, null));
        storage.runRetention();

        assertThat(storage.status().writeLatency().count()).isEqualTo(1);
        assertThat(SelfMetrics.of(storage, T0 + 1)).filteredOn(metric -> metric.key().equals("write_latency_samples"))
                .singleElement().extracting(MetricRecord::value).isEqualTo(1.0);
    }

    private List<Double> values(String selfMetric) {
        return storage.queryMetrics(Query.builder().module(SelfMetrics.MODULE).key(selfMetric).build()).stream()
                .map(MetricRecord::value).toList();
    }

    @Test
    void auditQueriesBySubjectUseTheSubjectIndex() throws Exception {
        storage.saveAuditEvent(new AuditEvent(T0, "alice", "purge", "cli", "ok", "r1", null));
        List<String> steps = new ArrayList<>();
        AuditQuery bySubject = new AuditQuery("alice", null, T0, 10);
        try (Connection connection = StorageTestSupport.connect(StorageTestSupport.databaseIn(folder));
                PreparedStatement explain = connection.prepareStatement(
                        "EXPLAIN QUERY PLAN " + AuditQueries.sql(bySubject))) {
            explain.setLong(1, T0);
            explain.setString(2, "alice");
            explain.setInt(3, 10);
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    steps.add(rows.getString("detail"));
                }
            }
        }

        assertThat(steps).anyMatch(step -> step.contains("USING INDEX audit_events_subject_ts"));
    }

    private List<String> plan(Query query) throws Exception {
        List<String> steps = new ArrayList<>();
        try (Connection connection = StorageTestSupport.connect(StorageTestSupport.databaseIn(folder));
                PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + MetricQueries.sql(query))) {
            MetricQueries.bind(explain, query);
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    steps.add(rows.getString("detail"));
                }
            }
        }
        return steps;
    }
}
