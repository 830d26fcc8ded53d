package io.goadmin.scheduler.impl;

import static io.goadmin.scheduler.impl.Fixtures.await;
import static io.goadmin.scheduler.impl.Fixtures.awaitAtLeast;
import static io.goadmin.scheduler.impl.Fixtures.props;
import static io.goadmin.scheduler.impl.Fixtures.settings;
import static io.goadmin.scheduler.impl.Fixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.Collector;
import io.goadmin.core.JobState;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.json.Json;
import io.goadmin.scheduler.CollectorStatus;
import io.goadmin.scheduler.impl.Fixtures.Counting;

/** The scheduler on its real timer and worker threads, with collectors that come and go. */
class SchedulerTest {
    private final MemoryStorage storage = new MemoryStorage();
    private final RecordingLogger log = new RecordingLogger();
    private Scheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.stop("test");
        }
    }

    private CollectorStatus status(String name) {
        return scheduler.snapshot().collectors().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElse(null);
    }

    /** Waits for a moment when no poll is queued or running. */
    private void awaitNothingInFlight() {
        await("no poll in flight", () -> {
            var snapshot = scheduler.snapshot();
            return snapshot.activeWorkers() == 0 && snapshot.queueSize() == 0;
        });
    }

    private static void add(Scheduler scheduler, Collector collector, Object... properties) {
        scheduler.addCollector(collector, props(properties), "test.bundle", 7);
    }

    @Test
    void pollsANewCollectorAndStoresEachPollAsOneBatch() {
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "0s"));
        Counting cpu = new Counting("cpu", 3);
        add(scheduler, cpu);

        awaitAtLeast("polls", cpu::calls, 3);
        awaitAtLeast("stored records", () -> storage.metrics("cpu").size(), 9);

        List<List<MetricRecord>> cpuBatches = storage.batches().stream()
                .filter(batch -> batch.get(0).module().equals("cpu")).toList();
        assertThat(cpuBatches).allSatisfy(batch -> {
            assertThat(batch).hasSize(3);
            assertThat(batch).extracting(MetricRecord::ts).containsOnly(batch.get(0).ts());
        });
        await("jobs row", () -> storage.job("collector.cpu") != null);
        JobState job = storage.job("collector.cpu");
        assertThat(job.kind()).isEqualTo(JobState.KIND_COLLECTOR);
        assertThat(job.lastStatus()).isEqualTo("ok");
        assertThat(job.runCount()).isPositive();
        assertThat(job.intervalMillis()).isEqualTo(100);
        await("audit event", () -> !storage.audit().isEmpty());
        AuditEvent added = storage.audit().get(0);
        assertThat(added.action()).isEqualTo("collector.added");
        assertThat(added.source()).isEqualTo(AuditEvent.SOURCE_SYSTEM);
        assertThat(added.subject()).isEqualTo("goadmin");
        assertThat(Json.readStringMap(added.payloadJson()))
                .isEqualTo(Map.of("collector", "cpu", "bundle", "test.bundle"));
        assertThat(log.matching("collector added: cpu from test.bundle")).hasSize(1);
    }

    @Test
    void collectorsRegisteredAndUnregisteredWhileRunning() {
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "10ms"));
        Counting first = new Counting("first", 1);
        Counting second = new Counting("second", 1);
        add(scheduler, first);
        awaitAtLeast("first polls", first::calls, 2);

        add(scheduler, second);
        awaitAtLeast("second polls", second::calls, 2);

        scheduler.removeCollector(first);
        awaitNothingInFlight(); // a poll that had already begun may still enter the collector
        int callsAtRemoval = first.calls();
        int secondAtRemoval = second.calls();
        // Three more polls of the other collector: three of the removed one's intervals have passed.
        awaitAtLeast("second polls after removal", second::calls, secondAtRemoval + 3);
        assertThat(first.calls()).isEqualTo(callsAtRemoval);
        assertThat(status("first")).isNull();
        await("removal audited", () -> storage.audit().stream().anyMatch(e -> e.action().equals("collector.removed")));
        assertThat(log.matching("collector removed: first from test.bundle")).hasSize(1);
    }

    @Test
    void aSecondCollectorWithTheSameNameIsIgnored() {
        scheduler = started(storage, log, settings("interval", "10s"));
        add(scheduler, new Counting("cpu", 1));
        add(scheduler, new Counting("cpu", 1));
        assertThat(scheduler.snapshot().collectors()).hasSize(1);
        assertThat(log.matching("ignoring collector cpu from bundle test.bundle")).hasSize(1);
    }

    @Test
    void aCollectorWithAnInvalidNameIsIgnored() {
        scheduler = started(storage, log, settings());
        add(scheduler, new Counting("Not Valid", 1));
        assertThat(scheduler.snapshot().collectors()).isEmpty();
        assertThat(log.matching("ignoring a collector from bundle test.bundle")).hasSize(1);
    }

    @Test
    void configurationChangesApplyLive() {
        scheduler = started(storage, log, settings("interval", "1h", "jitter", "0s"));
        Counting cpu = new Counting("cpu", 1);
        add(scheduler, cpu);
        awaitAtLeast("first poll, at once", cpu::calls, 1);
        assertThat(status("cpu").intervalMillis()).isEqualTo(3_600_000);

        scheduler.applySettings(settings("interval", "1h", "jitter", "0s", "collector.cpu.interval", "100ms",
                "workers", "3"));
        awaitAtLeast("polls at the new interval", cpu::calls, 4);
        assertThat(status("cpu").intervalMillis()).isEqualTo(100);
        assertThat(scheduler.snapshot().workers()).isEqualTo(3);
        assertThat(log.matching("scheduler configuration applied")).hasSize(1);
    }

    @Test
    void schedulerConfigurationWinsOverServicePropertiesWhichWinOverTheDefault() {
        scheduler = started(storage, log, settings("interval", "1h", "collector.mem.interval", "2h"));
        add(scheduler, new Counting("cpu", 1), Collector.INTERVAL_PROPERTY, "30s");
        add(scheduler, new Counting("mem", 1), Collector.INTERVAL_PROPERTY, "30s");
        add(scheduler, new Counting("disk", 1));
        add(scheduler, new Counting("net", 1), Collector.INTERVAL_PROPERTY, "soon");

        assertThat(status("cpu").intervalMillis()).isEqualTo(30_000);
        assertThat(status("mem").intervalMillis()).isEqualTo(7_200_000);
        assertThat(status("disk").intervalMillis()).isEqualTo(3_600_000);
        assertThat(status("net").intervalMillis()).isEqualTo(3_600_000);
        assertThat(log.matching("collector net from bundle test.bundle: collector.interval 'soon'")).hasSize(1);
    }

    @Test
    void aCollectorSwitchedOffAndBackOn() {
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "0s"));
        Counting off = new Counting("off", 1);
        Counting sentinel = new Counting("sentinel", 1);
        add(scheduler, off, Collector.ENABLED_PROPERTY, "false");
        add(scheduler, sentinel);
        awaitAtLeast("sentinel polls", sentinel::calls, 3);
        assertThat(off.calls()).isZero();
        assertThat(status("off").enabled()).isFalse();
        assertThat(status("off").nextRunTs()).isNull();

        // The scheduler's per-collector switch wins over the service property.
        scheduler.applySettings(settings("interval", "100ms", "jitter", "0s", "collector.off.enabled", "true"));
        awaitAtLeast("polls once switched on", off::calls, 2);

        scheduler.applySettings(settings("interval", "100ms", "jitter", "0s", "collector.off.enabled", "false"));
        assertThat(status("off").nextRunTs()).isNull();
        awaitNothingInFlight(); // a poll queued before the switch still runs
        int callsWhenOff = off.calls();
        int sentinelWhenOff = sentinel.calls();
        awaitAtLeast("sentinel polls", sentinel::calls, sentinelWhenOff + 3);
        assertThat(off.calls()).isEqualTo(callsWhenOff);

        scheduler.updateCollector(off, props(Collector.ENABLED_PROPERTY, "true"));
        assertThat(status("off").enabled()).isFalse(); // the scheduler's configuration still says false
    }

    @Test
    void switchingOffDropsAQueuedPollAndLetsARunningOneFinish() throws Exception {
        scheduler = started(storage, log, settings("interval", "1h", "jitter", "0s", "workers", "1"));
        CountDownLatch release = new CountDownLatch(1);
        Counting running = new Counting("running", 1) {
            @Override
            public void collect(io.goadmin.core.PollContext context) throws Exception {
                release.await();
                super.collect(context);
            }
        };
        Counting waiting = new Counting("waiting", 1);
        add(scheduler, running);
        await("the only worker busy", () -> scheduler.snapshot().activeWorkers() == 1);
        add(scheduler, waiting);
        await("the second poll queued", () -> scheduler.snapshot().queueSize() == 1);

        scheduler.applySettings(settings("interval", "1h", "jitter", "0s", "workers", "1",
                "collector.running.enabled", "false", "collector.waiting.enabled", "false"));

        assertThat(scheduler.snapshot().queueSize()).isZero();
        release.countDown();
        await("the running poll stored", () -> status("running").records() == 1);
        assertThat(status("running").lastStatus()).isEqualTo("ok");
        awaitNothingInFlight();
        assertThat(waiting.calls()).isZero();
        assertThat(status("waiting").polls()).isZero();
    }

    @Test
    void anUpdatedServicePropertyReschedules() {
        scheduler = started(storage, log, settings("interval", "1h", "jitter", "0s"));
        Counting cpu = new Counting("cpu", 1);
        add(scheduler, cpu);
        awaitAtLeast("first poll", cpu::calls, 1);
        scheduler.updateCollector(cpu, props(Collector.INTERVAL_PROPERTY, "100ms"));
        awaitAtLeast("polls at the new interval", cpu::calls, 4);
        assertThat(log.matching("collector updated: cpu (interval=100ms enabled=true)")).hasSize(1);
    }

    @Test
    void aWriteFailureIsCountedAndThePollsGoOn() {
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "0s"));
        storage.failWrites(true);
        Counting cpu = new Counting("cpu", 2);
        add(scheduler, cpu);
        awaitAtLeast("failed writes", scheduler::writeErrors, 3);
        // A poll's state is stored after its failed write is counted: wait for it rather than race it.
        await("a stored error state", () -> storage.job("collector.cpu") != null
                && "error".equals(storage.job("collector.cpu").lastStatus()));
        // Not the live status: a tick that finds a poll still queued on a loaded machine marks it skipped.
        assertThat(status("cpu").lastError()).contains("database is locked");
        assertThat(status("cpu").errors()).as("the collector's own count shows its lost polls").isPositive();
        assertThat(storage.job("collector.cpu").recordCount()).as("the stored state has none of the lost records")
                .isZero();
        // Rate-limited: one line a minute for all failed writes, whether a poll's batch or the own metrics.
        assertThat(log.matching("failed: StorageException: database is locked")).hasSize(1);
        storage.failWrites(false);
        awaitAtLeast("stored records", () -> storage.metrics("cpu").size(), 2);
        scheduler.stop("test");
        assertThat(scheduler.snapshot().errors()).isEqualTo(scheduler.writeErrors());
    }

    @Test
    void aStorageThatThrowsAnErrorCountsThePollAsFailedAndThePollsGoOn() {
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "0s"));
        storage.breakWrites(true);
        Counting cpu = new Counting("cpu", 2);
        add(scheduler, cpu);
        awaitAtLeast("failed writes", scheduler::writeErrors, 2);
        await("the lost poll counted", () -> status("cpu").errors() >= 1);
        assertThat(status("cpu").lastError()).contains("NoClassDefFoundError");
        assertThat(status("cpu").records()).isZero();

        storage.breakWrites(false);
        awaitAtLeast("stored records once storage is back", () -> storage.metrics("cpu").size(), 2);
    }

    @Test
    void theJobsRowIsWrittenOncePerRun() {
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "0s"));
        Counting cpu = new Counting("cpu", 1);
        add(scheduler, cpu);
        awaitAtLeast("polls", cpu::calls, 5);
        scheduler.stop("test");
        CollectorStatus status = status("cpu");
        assertThat(storage.jobWrites("collector.cpu")).isLessThanOrEqualTo((int) (status.polls() + status.skipped()));
        JobState stored = storage.job("collector.cpu");
        int storedPolls = storage.metrics("cpu").size(); // one record each
        assertThat(stored.recordCount()).as("the row counts exactly the records that are stored")
                .isEqualTo(storedPolls);
        // A poll the stop cancels has started (counted in polls) and stores nothing.
        assertThat(status.polls()).isBetween((long) storedPolls, storedPolls + 1L);
        assertThat(stored.runCount()).isBetween((long) storedPolls, status.polls());
    }

    @Test
    void jobCountsGoOnFromTheStoredRow() {
        storage.saveJobState(new JobState("collector.cpu", JobState.KIND_COLLECTOR, 100, true, 1L, 1L, "ok", null,
                100, 5, 2, 3, 400, null));
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "0s"));
        Counting cpu = new Counting("cpu", 1);
        add(scheduler, cpu);
        awaitAtLeast("polls", cpu::calls, 2);
        scheduler.stop("test");
        JobState job = storage.job("collector.cpu");
        assertThat(job.runCount()).isEqualTo(100 + status("cpu").polls());
        assertThat(job.recordCount()).isEqualTo(400 + status("cpu").records());
        assertThat(job.failureCount()).isEqualTo(5);
    }

    @Test
    void stoppingCancelsTheRunningPollAndLogsWhy() throws Exception {
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "0s", "shutdown.timeout", "5s"));
        Fixtures.Slow slow = new Fixtures.Slow("slow", 60_000);
        add(scheduler, slow);
        await("the poll to run", () -> scheduler.snapshot().activeWorkers() == 1);

        scheduler.stop("test");

        assertThat(log.matching("scheduler stopping: reason=test, active workers=1")).hasSize(1);
        assertThat(log.matching("scheduler stopped: cancelled polls=1, threads left=0")).hasSize(1);
        assertThat(storage.metrics("slow")).isEmpty(); // a cancelled poll's records are discarded
        await("worker threads to end", () -> Thread.getAllStackTraces().keySet().stream().noneMatch(
                thread -> thread.isAlive() && thread.getName().startsWith("goadmin-worker")));
        scheduler.stop("again"); // idempotent
        assertThat(log.matching("scheduler stopping")).hasSize(1);
    }

    @Test
    void stoppingWaitsForTheWriteOfACompletedPoll() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        storage.holdWrites(gate);
        scheduler = started(storage, log, settings("interval", "1h", "jitter", "0s", "shutdown.timeout", "30s"));
        add(scheduler, new Counting("cpu", 4));
        storage.awaitHeldWrite(); // the poll returned; its batch is on its way to the database

        Thread stopping = new Thread(() -> scheduler.stop("test"));
        stopping.start();
        await("stop to begin", () -> !log.matching("scheduler stopping").isEmpty());
        gate.countDown();
        stopping.join(Fixtures.WAIT_MILLIS);

        assertThat(stopping.isAlive()).isFalse();
        assertThat(storage.metrics("cpu")).hasSize(4);
        assertThat(log.matching("scheduler stopped: cancelled polls=0, threads left=0")).hasSize(1);
    }

    @Test
    void aPollCountsItsRecordsOnlyOnceTheyAreStored() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        storage.holdWrites(gate);
        scheduler = started(storage, log, settings("interval", "1h", "jitter", "0s"));
        add(scheduler, new Counting("cpu", 4));
        storage.awaitHeldWrite(); // the poll returned; its batch waits at the database

        assertThat(status("cpu").records()).as("nothing is stored yet").isZero();
        assertThat(status("cpu").lastRunTs()).isNull();
        gate.countDown();
        await("the poll to be counted", () -> status("cpu").records() == 4);
        assertThat(status("cpu").lastStatus()).isEqualTo("ok");
        assertThat(storage.job("collector.cpu").recordCount()).isEqualTo(4);
    }

    @Test
    void aCollectorRemovedWhileItsPollIsStoredKeepsThatPollsCountsForItsReturn() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        storage.holdWrites(gate);
        scheduler = started(storage, log, settings("interval", "1h", "jitter", "0s"));
        Counting cpu = new Counting("cpu", 4);
        add(scheduler, cpu);
        storage.awaitHeldWrite();

        Thread removing = new Thread(() -> scheduler.removeCollector(cpu));
        removing.start();
        await("the removal to wait for the poll's write", () -> removing.getState() == Thread.State.BLOCKED);
        gate.countDown();
        removing.join(Fixtures.WAIT_MILLIS);
        assertThat(removing.isAlive()).isFalse();

        add(scheduler, new Counting("cpu", 0)); // the bundle is back; its first poll stores the state alone
        await("the returned collector's first poll stored", () -> storage.job("collector.cpu").runCount() == 2);
        assertThat(storage.job("collector.cpu").recordCount()).as("the records stored before the removal")
                .isEqualTo(4);
    }

    @Test
    void heartbeatAtStart() {
        scheduler = started(storage, log, settings());
        assertThat(log.matching("INFO heartbeat ")).containsExactly(
                "INFO heartbeat uptime=0s workers.active=0 queue=0 collectors=0 records=0 errors=0");
        assertThat(log.lines().get(0)).isEqualTo("INFO scheduler started: enabled=true interval=10s jitter=1s"
                + " workers=2 timeout=5s heartbeat=1m retention.interval=1h shutdown.timeout=3s overrides=0");
    }
}
