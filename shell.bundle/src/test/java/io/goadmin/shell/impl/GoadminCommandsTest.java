package io.goadmin.shell.impl;

import static io.goadmin.shell.impl.Fixtures.ALICE_CLI;
import static io.goadmin.shell.impl.Fixtures.CONSOLE;
import static io.goadmin.shell.impl.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.Query;
import io.goadmin.core.StorageException;
import io.goadmin.core.json.Json;
import io.goadmin.scheduler.SchedulerSnapshot;
import io.goadmin.shell.client.Protocol;
import io.goadmin.shell.impl.Fixtures.Lines;
import io.goadmin.shell.impl.Fixtures.TestLog;

class GoadminCommandsTest {
    private final FakeStorage storage = new FakeStorage();
    private final TestLog log = new TestLog();
    private final Lines lines = new Lines();
    private GoadminCommands commands;

    @BeforeEach
    void setUp() {
        commands = Fixtures.commands(storage, log);
    }

    private static JsonNode json(Lines lines) {
        return Json.readTree(lines.stdout());
    }

    @Test
    void statusShowsDaemonSchedulerCollectorsAndStorageAsTables() {
        assertThat(commands.status(ALICE_CLI, false, lines)).isEqualTo(Protocol.EXIT_OK);

        assertThat(lines.out.get(0)).isEqualTo("goadmin 0.2.0.test, up 2h (started 2025-12-03T17:00:00Z)");
        assertThat(lines.stdout())
                .contains("scheduler  running since 2025-12-03T17:00:00Z, 3 collectors")
                .contains("workers    1 of 4 busy, 0 polls queued")
                .contains("interval 10s, jitter 1s, timeout 5s")
                .contains("/home/goadmin/data/goadmin.db: 12.0MB, WAL 1.0MB, schema 3")
                .contains("p50 120us, p95 800us, p99 2.4ms, max 9.0ms over 1200 writes")
                .contains("2 of 10000 records waiting")
                .contains("metrics 30d, audit 90d, database at most 1.0GB")
                .contains("retention 2h20m ago: 100 metric rows and 2 audit rows, 4.0KB given back in 340ms")
                .contains("retention job  every 1h, last 2h20m ago (error: database is locked, took 340ms), next in 20m;"
                        + " 30 runs, 1 failed, 2 skipped");
        assertThat(lines.out).anySatisfy(line -> assertThat(line).matches(
                "cpu +10s +3s ago +12ms +ok +2880 +0 +0 +0 +in 7s +no"));
        assertThat(lines.out).anySatisfy(line -> assertThat(line).matches(
                "disk +1m +1m5s ago +5s +stuck +100 +1 +2 +3 +in 1s +yes"));
        assertThat(lines.out).anySatisfy(line -> assertThat(line).matches("mem +30s +- +- +disabled .*"));
        assertThat(lines.out).anySatisfy(line -> assertThat(line).matches(
                "metrics +1200 +2025-12-03T00:00:00Z +2025-12-03T18:53:20Z"));
        assertThat(lines.out).anySatisfy(line -> assertThat(line).matches("audit_events +3 +- +-"));
        assertThat(lines.err).isEmpty();
        assertThat(storage.audit).as("status changes nothing and reads no audit data").isEmpty();
    }

    @Test
    void aSchedulerSwitchedOffSaysSoAndItsCollectorsShowAsDisabled() {
        SchedulerSnapshot on = Fixtures.SNAPSHOT;
        SchedulerSnapshot off = new SchedulerSnapshot(on.startedAt(), false, on.intervalMillis(), on.jitterMillis(),
                on.timeoutMillis(), on.workers(), 0, 0, on.recordsWritten(), on.errors(), on.collectors());
        GoadminCommands switchedOff = new GoadminCommands(Fixtures.CLOCK, "0.2.0.test", NOW - 7_200_000, log.logger());
        switchedOff.bindStorage(storage);
        switchedOff.bindScheduler(() -> off);

        assertThat(switchedOff.status(ALICE_CLI, false, lines)).isZero();

        assertThat(lines.stdout()).contains("disabled by configuration (enabled = false in "
                + "etc/goadmin.scheduler.cfg): nothing is polled, 3 collectors").doesNotContain("running since");
        assertThat(lines.out).anySatisfy(line -> assertThat(line).matches("cpu +10s +3s ago +12ms +disabled .*"));
    }

    @Test
    void statusAsJsonCarriesTheRecords() {
        assertThat(commands.status(ALICE_CLI, true, lines)).isZero();

        JsonNode status = json(lines);
        assertThat(status.get("version").asText()).isEqualTo("0.2.0.test");
        assertThat(status.get("uptimeMillis").asLong()).isEqualTo(7_200_000);
        assertThat(status.at("/scheduler/collectors/1/stuck").asBoolean()).isTrue();
        assertThat(status.at("/storage/writeLatency/p95Micros").asLong()).isEqualTo(800);
        assertThat(status.at("/storage/lastPurge/reason").asText()).isEqualTo("retention");
        assertThat(status.at("/retentionJob/skippedCount").asLong()).isEqualTo(2);
    }

    @Test
    void statusStillAnswersWithoutStorageOrSchedulerButAsAnError() {
        GoadminCommands bare = new GoadminCommands(Fixtures.CLOCK, "1.0", NOW, log.logger());

        assertThat(bare.status(ALICE_CLI, false, lines)).isEqualTo(Protocol.EXIT_ERROR);
        assertThat(lines.stdout()).startsWith("goadmin 1.0, up 0s").contains("scheduler: the scheduler is not available")
                .contains("storage: storage is not available");

        Lines jsonLines = new Lines();
        assertThat(bare.status(ALICE_CLI, true, jsonLines)).isEqualTo(Protocol.EXIT_ERROR);
        assertThat(json(jsonLines).at("/storage/error").asText()).startsWith("storage is not available");

        bare.bindStorage(storage);
        Lines schedulerOnlyMissing = new Lines();
        assertThat(bare.status(ALICE_CLI, false, schedulerOnlyMissing)).isEqualTo(Protocol.EXIT_ERROR);
        assertThat(schedulerOnlyMissing.stdout()).contains("write latency");
    }

    @Test
    void statusReportsAFailingStorageInOneLineAndAsAnError() {
        storage.failure = new StorageException("the database file is locked");

        assertThat(commands.status(ALICE_CLI, false, lines)).isEqualTo(Protocol.EXIT_ERROR);
        assertThat(lines.stdout()).contains("storage: storage could not report its state: the database file is locked");
    }

    @Test
    void purgeReportsProgressAndResultAndIsAudited() {
        int status = commands.purge(ALICE_CLI, "7d", "cpu", false, false, lines);

        assertThat(status).isZero();
        assertThat(storage.lastPurge.olderThan()).isEqualTo(Duration.ofDays(7));
        assertThat(storage.lastPurge.module()).isEqualTo("cpu");
        assertThat(lines.err).first().isEqualTo("purge: metrics 0 of 1000 (0%)");
        assertThat(lines.err).contains("purge: metrics 500 of 1000 (50%)", "purge: metrics 1000 of 1000 (100%)")
                .hasSize(11);
        assertThat(lines.out.get(0)).isEqualTo("removed 1000 metric rows and 0 audit rows, gave back 2.0MB in 1s500ms");
        String requestId = lines.out.get(1).substring("request ".length());
        assertThat(requestId).matches("r-[0-9a-f]{8}");

        assertThat(storage.audit).singleElement().satisfies(event -> {
            assertThat(event.subject()).isEqualTo("alice");
            assertThat(event.source()).isEqualTo(AuditEvent.SOURCE_CLI);
            assertThat(event.action()).isEqualTo("purge");
            assertThat(event.status()).isEqualTo(AuditEvent.STATUS_OK);
            assertThat(event.requestId()).isEqualTo(requestId);
            assertThat(event.ts()).isEqualTo(NOW);
            assertThat(Json.readTree(event.payloadJson())).isEqualTo(
                    Json.readTree("{\"olderThan\":\"7d\",\"module\":\"cpu\"}"));
        });
        assertThat(log.lines).as("the log names action, request id, source and status, never the payload")
                .containsExactly("info [{} request {} via {}: {}, [purge, " + requestId + ", cli, ok]]");
    }

    @Test
    void purgeDryRunAsJson() {
        assertThat(commands.purge(CONSOLE, null, null, true, true, lines)).isZero();

        JsonNode result = json(lines);
        assertThat(result.get("dryRun").asBoolean()).isTrue();
        assertThat(result.get("metricsRemoved").asLong()).isEqualTo(1000);
        assertThat(result.get("requestId").asText()).isEqualTo(storage.audit.get(0).requestId());
        assertThat(storage.lastPurge.olderThan()).as("the retention policy's ages").isNull();
        assertThat(storage.audit.get(0).source()).isEqualTo(AuditEvent.SOURCE_SHELL);
        assertThat(storage.audit.get(0).payloadJson()).isEqualTo("{\"dryRun\":true}");
    }

    @Test
    void purgeWithABadAgeIsAUsageErrorInOneLineAndAuditedAsError() {
        assertThat(commands.purge(ALICE_CLI, "a week", null, false, false, lines)).isEqualTo(Protocol.EXIT_USAGE);

        assertThat(lines.err).singleElement().asString()
                .startsWith("error: --older-than 'a week' is not a duration")
                .contains("(request r-");
        assertThat(lines.out).isEmpty();
        assertThat(storage.lastPurge).isNull();
        assertThat(storage.audit).singleElement().satisfies(event -> {
            assertThat(event.status()).isEqualTo(AuditEvent.STATUS_ERROR);
            assertThat(event.action()).isEqualTo("purge");
        });
    }

    @Test
    void aZeroPurgeAgeIsRefusedInTheUnitsItWasTypedIn() {
        assertThat(commands.purge(ALICE_CLI, "0s", null, false, false, lines)).isEqualTo(Protocol.EXIT_USAGE);

        assertThat(lines.err).singleElement().asString()
                .startsWith("error: --older-than '0s' is too short: use a positive age such as 7d (request r-")
                .doesNotContain("PT");
        assertThat(storage.lastPurge).isNull();
    }

    @Test
    void purgeWithoutStorageFailsClearlyAndWarnsThatItIsNotAudited() {
        GoadminCommands bare = new GoadminCommands(Fixtures.CLOCK, "1.0", NOW, log.logger());

        assertThat(bare.purge(ALICE_CLI, "7d", null, false, false, lines)).isEqualTo(Protocol.EXIT_ERROR);
        assertThat(lines.err.get(0)).startsWith("error: storage is not available");
        assertThat(lines.err.get(1)).startsWith("warning: request r-").contains("is not in the audit log");
    }

    @Test
    void anUnexpectedFailureIsOneLineForTheUserAndAStackTraceInTheLog() {
        storage.failure = new IllegalStateException("boom");

        assertThat(commands.purge(ALICE_CLI, "7d", null, false, false, lines)).isEqualTo(Protocol.EXIT_ERROR);
        assertThat(lines.err).singleElement().asString().contains("purge failed").contains("boom")
                .contains("daemon log");
        assertThat(log.lines).anySatisfy(line -> assertThat(line).startsWith("error").contains("IllegalStateException"));
    }

    @Test
    void collectorsTableAndJson() {
        assertThat(commands.collectors(ALICE_CLI, false, lines)).isZero();
        assertThat(lines.out.get(0)).matches("NAME +BUNDLE +ENABLED +INTERVAL +LAST RUN +NEXT RUN +STATE");
        assertThat(lines.out.get(1)).matches("cpu +io.goadmin.collector.cpu \\[12\\] +yes +10s +3s ago +in 7s +ok");
        assertThat(lines.out.get(3)).matches("mem +io.goadmin.collector.mem \\[14\\] +no +30s +- +- +disabled");

        Lines jsonLines = new Lines();
        commands.collectors(ALICE_CLI, true, jsonLines);
        assertThat(json(jsonLines).at("/collectors/2/name").asText()).isEqualTo("mem");
        assertThat(storage.audit).isEmpty();
    }

    @Test
    void queryShowsTheLatestPointsOldestFirst() {
        storage.metrics.add(new MetricRecord(NOW - 20_000, "cpu", "usage", 10.5, Map.of("cpu", "0")));
        storage.metrics.add(new MetricRecord(NOW - 10_000, "cpu", "usage", 11.25, Map.of("cpu", "0")));
        QueryArgs args = new QueryArgs("cpu", "usage", List.of("cpu=0"), "10m", null, null, null, "5", false);

        assertThat(commands.query(ALICE_CLI, args, false, lines)).isZero();

        Query query = storage.lastQuery;
        assertThat(query.from()).isEqualTo(NOW - 600_000);
        assertThat(query.tags()).containsEntry("cpu", "0");
        assertThat(query.limit()).isEqualTo(5);
        assertThat(query.order()).isEqualTo(Query.Order.DESC);
        assertThat(lines.out).containsExactly(
                "TIME                  MODULE  KEY    TAGS   VALUE",
                "2025-12-03T18:59:40Z  cpu     usage  cpu=0  10.5",
                "2025-12-03T18:59:50Z  cpu     usage  cpu=0  11.25");
        assertThat(storage.audit).isEmpty();
    }

    @Test
    void queryShowsWholeNumbersExactlyAndFractionsToSixDecimals() {
        double[] values = {109_006_793, 1e15, 0.1 + 0.2, 12.3456789, 0.000123456789, -2.5, 0};
        for (int i = 0; i < values.length; i++) {
            storage.metrics.add(new MetricRecord(NOW - 60_000 + i * 1000L, "disk", "used_bytes", values[i], Map.of()));
        }
        QueryArgs args = new QueryArgs("disk", "used_bytes", List.of(), null, null, null, null, null, false);

        assertThat(commands.query(ALICE_CLI, args, false, lines)).isZero();

        assertThat(lines.out.subList(1, lines.out.size())).extracting(line -> line.substring(line.lastIndexOf(' ') + 1))
                .containsExactly("109006793", "1000000000000000", "0.3", "12.345679", "0.000123457", "-2.5", "0");
    }

    @Test
    void queryRateShowsPerSecondRatesAndSkipsCounterResets() {
        storage.metrics.add(new MetricRecord(NOW - 30_000, "net", "rx_bytes", 1000, Map.of("if", "eth0")));
        storage.metrics.add(new MetricRecord(NOW - 20_000, "net", "rx_bytes", 6000, Map.of("if", "eth0")));
        storage.metrics.add(new MetricRecord(NOW - 10_000, "net", "rx_bytes", 100, Map.of("if", "eth0")));
        storage.metrics.add(new MetricRecord(NOW, "net", "rx_bytes", 2100, Map.of("if", "eth0")));
        storage.metrics.add(new MetricRecord(NOW - 10_000, "net", "rx_bytes", 0, Map.of("if", "lo")));
        storage.metrics.add(new MetricRecord(NOW, "net", "rx_bytes", 50, Map.of("if", "lo")));
        QueryArgs args = new QueryArgs("net", "rx_bytes", List.of(), null, null, null, null, null, true);

        assertThat(commands.query(ALICE_CLI, args, true, lines)).isZero();

        assertThat(json(lines).at("/query/from").asLong()).isEqualTo(NOW - 3_600_000);
        assertThat(json(lines).at("/query/to").isNull()).as("no --until: open-ended").isTrue();
        JsonNode points = json(lines).get("points");
        assertThat(points).hasSize(3);
        assertThat(points.get(0).get("rate").asDouble()).isEqualTo(500.0);
        assertThat(points.get(1).get("rate").asDouble()).isEqualTo(200.0);
        assertThat(points.get(2).get("rate").asDouble()).isEqualTo(5.0);
        assertThat(points.get(2).at("/tags/if").asText()).isEqualTo("lo");
        assertThat(storage.lastQuery.from()).as("default --since 1h").isEqualTo(NOW - 3_600_000);

        Lines table = new Lines();
        commands.query(ALICE_CLI, args, false, table);
        assertThat(table.out.get(0)).contains("RATE/S");
        assertThat(table.out.get(1)).endsWith("if=eth0  500");
    }

    @Test
    void queryWithStepAndAbsoluteTimes() {
        QueryArgs args = new QueryArgs("cpu", null, List.of(), "2025-12-03T10:00:00Z", "2025-12-03T11:00", "1m", "max",
                null, false);

        assertThat(commands.query(ALICE_CLI, args, false, lines)).isZero();

        Query query = storage.lastQuery;
        assertThat(query.key()).isNull();
        assertThat(query.from()).isEqualTo(1_764_756_000_000L);
        assertThat(query.to()).isEqualTo(1_764_759_600_000L);
        assertThat(query.step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(query.aggregation()).isEqualTo(Query.Aggregation.MAX);
        assertThat(lines.out).containsExactly("no points match");

        Lines jsonLines = new Lines();
        commands.query(ALICE_CLI, args, true, jsonLines);
        assertThat(json(jsonLines).at("/query/to").asLong()).isEqualTo(1_764_759_600_000L);
    }

    @Test
    void queryArgumentErrorsNameTheOptionAndTheFix() {
        assertThat(error(new QueryArgs("cpu", null, List.of(), "yesterday", null, null, null, null, false)))
                .startsWith("error: --since 'yesterday' is not a time");
        assertThat(error(new QueryArgs("cpu", null, List.of("cpu"), null, null, null, null, null, false)))
                .startsWith("error: --tag 'cpu' must be key=value");
        assertThat(error(new QueryArgs("cpu", null, List.of(), null, null, null, "max", null, false)))
                .isEqualTo("error: --agg needs --step, for example --step 1m --agg max");
        assertThat(error(new QueryArgs("cpu", null, List.of(), null, null, "1m", "median", null, false)))
                .isEqualTo("error: --agg 'median' must be avg, min, max or last");
        assertThat(error(new QueryArgs("cpu", null, List.of(), null, null, "0s", null, null, false)))
                .isEqualTo("error: --step '0s' is too short: use at least 1s, such as 1m");
        assertThat(error(new QueryArgs("cpu", null, List.of(), null, null, "500ms", null, null, false)))
                .isEqualTo("error: --step '500ms' is too short: use at least 1s, such as 1m");
        assertThat(error(new QueryArgs("cpu", null, List.of(), null, null, null, null, "0", false)))
                .isEqualTo("error: --limit '0' must be a whole number from 1 to 100000");
        assertThat(error(new QueryArgs("CPU", null, List.of(), null, null, null, null, null, false)))
                .startsWith("error: query module 'CPU' is invalid");
    }

    private String error(QueryArgs args) {
        Lines errorLines = new Lines();
        assertThat(commands.query(ALICE_CLI, args, false, errorLines)).isEqualTo(Protocol.EXIT_USAGE);
        assertThat(errorLines.out).isEmpty();
        return errorLines.err.get(0);
    }

    @Test
    void auditShowsEventsAndRecordsTheRead() {
        storage.audit.add(new AuditEvent(NOW - 60_000, "bob", "purge", "cli", "ok", "r-00000001", "{\"module\":\"cpu\"}"));
        storage.audit.add(new AuditEvent(NOW - 7_200_000, "bob", "backup", "shell", "ok", "r-00000002", "{}"));

        assertThat(commands.audit(ALICE_CLI, "bob", null, "1h", "10", false, lines)).isZero();

        assertThat(lines.out.get(0)).matches("TIME +SUBJECT +ACTION +SOURCE +STATUS +REQUEST +PAYLOAD");
        assertThat(lines.out.get(1)).matches("2025-12-03T18:59:00Z +bob +purge +cli +ok +r-00000001 +\\{\"module\":\"cpu\"}");
        assertThat(lines.out).hasSize(3);
        assertThat(lines.out.get(2)).startsWith("request r-");
        AuditEvent read = storage.audit.get(2);
        assertThat(read.action()).isEqualTo("audit.read");
        assertThat(read.subject()).isEqualTo("alice");
        assertThat(read.source()).isEqualTo("cli");
        assertThat(Json.readTree(read.payloadJson())).isEqualTo(
                Json.readTree("{\"subject\":\"bob\",\"since\":\"1h\",\"limit\":\"10\"}"));

        Lines jsonLines = new Lines();
        commands.audit(CONSOLE, null, "audit.read", null, null, true, jsonLines);
        JsonNode result = json(jsonLines);
        assertThat(result.get("events")).hasSize(1);
        assertThat(result.at("/events/0/payload/subject").asText()).isEqualTo("bob");
        assertThat(result.get("requestId").asText()).matches("r-[0-9a-f]{8}");
    }

    @Test
    void auditSubjectMatchesAUserNameOrUidAsStored() {
        storage.audit.add(new AuditEvent(NOW - 30_000, "uid:0(root)", "purge", "cli", "ok", "r-00000001", "{}"));
        storage.audit.add(new AuditEvent(NOW - 20_000, "root", "backup", "cli", "ok", "r-00000002", "{}"));
        storage.audit.add(new AuditEvent(NOW - 10_000, "uid:0", "purge", "cli", "ok", "r-00000003", "{}"));
        storage.audit.add(new AuditEvent(NOW - 5_000, "uid:1000(alice)", "purge", "cli", "ok", "r-00000004", "{}"));

        assertThat(requestIds("root", null)).containsExactly("r-00000002", "r-00000001");
        assertThat(requestIds("0", null)).containsExactly("r-00000003", "r-00000001");
        assertThat(requestIds("uid:0(root)", null)).containsExactly("r-00000001");
        assertThat(requestIds(" root ", "1")).as("newest first, the limit over all of them")
                .containsExactly("r-00000002");
        assertThat(requestIds("nobody", null)).isEmpty();
    }

    private List<String> requestIds(String subject, String limit) {
        Lines jsonLines = new Lines();
        assertThat(commands.audit(ALICE_CLI, subject, null, null, limit, true, jsonLines)).isZero();
        List<String> ids = new java.util.ArrayList<>();
        json(jsonLines).get("events").forEach(event -> {
            if (!event.get("action").asText().equals("audit.read")) {
                ids.add(event.get("requestId").asText());
            }
        });
        return ids;
    }

    @Test
    void backupIsVerifiedAndAudited() {
        assertThat(commands.backup(ALICE_CLI, "/var/backups/goadmin.db", false, lines)).isZero();

        assertThat(lines.err).containsExactly("backup: pages 5 of 10 (50%)", "backup: pages 10 of 10 (100%)");
        assertThat(lines.out.get(0)).isEqualTo(
                "backup written to /var/backups/goadmin.db: 12.0MB in 800ms, integrity ok");
        assertThat(storage.audit).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("backup");
            assertThat(event.status()).isEqualTo("ok");
            assertThat(event.payloadJson()).isEqualTo("{\"file\":\"/var/backups/goadmin.db\"}");
        });

        Lines jsonLines = new Lines();
        commands.backup(ALICE_CLI, "/var/backups/goadmin.db", true, jsonLines);
        assertThat(json(jsonLines).get("verified").asBoolean()).isTrue();
    }

    @Test
    void aBackupThatFailsItsIntegrityCheckIsAnError() {
        storage.backupIntegrity = "*** in database main *** Page 3 is never used";

        assertThat(commands.backup(ALICE_CLI, "/var/backups/goadmin.db", false, lines)).isEqualTo(Protocol.EXIT_ERROR);
        assertThat(lines.err).last().asString().contains("failed its integrity check").contains("do not rely on it");
        assertThat(storage.audit.get(0).status()).isEqualTo(AuditEvent.STATUS_ERROR);
    }

    @Test
    void aBackupFolderOthersCanWriteGetsAdviceAboutTheBackupFolderNotTheDatabasePath() {
        // What storage's path check says of /tmp, word for word.
        storage.failure = new StorageException("backup refused: storage path /tmp/x.db is under /tmp, which every"
                + " user can write (mode rwxrwxrwx), so another user could replace the database; fix: set 'path' in"
                + " etc/goadmin.storage.cfg to a file in a folder only the daemon's user can write, such as"
                + " ${goadmin.home}/data/goadmin.db");

        assertThat(commands.backup(ALICE_CLI, "/tmp/x.db", false, lines)).isEqualTo(Protocol.EXIT_ERROR);

        assertThat(lines.err).singleElement().asString()
                .startsWith("error: backup refused: storage path /tmp/x.db is under /tmp, which every user can write")
                .contains("; fix: choose a backup folder only the daemon's user (or root) can write, not one under a"
                        + " folder every user can write such as /tmp")
                .doesNotContain("goadmin.storage.cfg").contains("(request r-");
        assertThat(storage.audit.get(0).status()).isEqualTo(AuditEvent.STATUS_ERROR);
    }

    @Test
    void otherBackupFailuresAreShownAsStorageSaysThem() {
        storage.failure = new StorageException("backup target /srv/b.db already exists; fix: choose a new file name");

        assertThat(commands.backup(ALICE_CLI, "/srv/b.db", false, lines)).isEqualTo(Protocol.EXIT_ERROR);
        assertThat(lines.err).singleElement().asString().startsWith("error: backup target /srv/b.db already exists;"
                + " fix: choose a new file name (request r-");
    }

    @Test
    void backupNeedsAnAbsolutePath() {
        assertThat(commands.backup(ALICE_CLI, "backup.db", false, lines)).isEqualTo(Protocol.EXIT_USAGE);
        assertThat(lines.err.get(0)).startsWith("error: backup FILE 'backup.db' must be an absolute path");
    }

    @Test
    void deniedRequestsAreAuditedWithSecretsRedacted() {
        int status = commands.denied(ALICE_CLI, List.of("felix:lb", "--password", "hunter2", "--api-token=abc", "-x",
                "plain"), "not here", lines);

        assertThat(status).isEqualTo(Protocol.EXIT_USAGE);
        assertThat(lines.err).singleElement().asString().startsWith("error: not here (request r-");
        AuditEvent event = storage.audit.get(0);
        assertThat(event.action()).isEqualTo("denied");
        assertThat(event.status()).isEqualTo(AuditEvent.STATUS_DENIED);
        assertThat(event.payloadJson()).doesNotContain("hunter2").doesNotContain("abc");
        assertThat(Json.readTree(event.payloadJson())).isEqualTo(Json.readTree(
                "{\"command\":\"felix:lb\",\"password\":\"***\",\"api-token\":\"***\",\"args\":[\"-x\",\"plain\"]}"));
        assertThat(log.all()).doesNotContain("hunter2").doesNotContain("felix:lb");
    }

    @Test
    void secretsTypedAsNameEqualsValueWordsAreRedactedToo() {
        commands.denied(ALICE_CLI, List.of("sh", "password=hunter2", "db_token=abc", "plain=visible"), "not here",
                lines);

        String payload = storage.audit.get(0).payloadJson();
        assertThat(payload).doesNotContain("hunter2").doesNotContain("abc")
                .contains("password=***").contains("db_token=***").contains("plain=visible");
    }

    @Test
    void aHugeRequestStillFitsTheAuditPayloadRules() {
        List<String> argv = new java.util.ArrayList<>();
        argv.add("x".repeat(5000));
        for (int i = 0; i < 100; i++) {
            argv.add("--opt" + i);
            argv.add("v".repeat(1000));
        }

        commands.denied(ALICE_CLI, argv, "too much", lines);

        assertThat(storage.audit).singleElement().satisfies(event ->
                assertThat(event.payloadJson().length()).isLessThan(io.goadmin.core.Validation.PAYLOAD_MAX_BYTES));
    }

    @Test
    void printerReplacesControlCharactersSoNothingReachesTheTerminalAsEscapes() {
        commands.denied(ALICE_CLI, List.of("\u001b[2J"), "'\u001b[2J' is not a command", lines);

        assertThat(lines.err).singleElement().asString().startsWith("error: '?[2J' is not a command");
    }
}
