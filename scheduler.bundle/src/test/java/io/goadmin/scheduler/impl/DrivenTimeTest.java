package io.goadmin.scheduler.impl;

import static io.goadmin.scheduler.impl.Fixtures.await;
import static io.goadmin.scheduler.impl.Fixtures.props;
import static io.goadmin.scheduler.impl.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.PollContext;
import io.goadmin.scheduler.CollectorStatus;
import io.goadmin.scheduler.impl.Fixtures.Counting;

/** Jitter, switching off, heartbeat, retention and self-metrics, with the clock and the randomness in the test's hands. */
class DrivenTimeTest {
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStorage storage = new MemoryStorage();
    private final RecordingLogger log = new RecordingLogger();
    private final List<Long> jitterBounds = new ArrayList<>();
    private Scheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.stop("test");
        }
    }

    private Scheduler start(Settings settings, LongUnaryOperator jitter) {
        scheduler = new Scheduler(storage, log.logger, settings, timer.clock, max -> {
            synchronized (jitterBounds) {
                jitterBounds.add(max);
            }
            return jitter.applyAsLong(max);
        }, timer);
        scheduler.start();
        return scheduler;
    }

    private CollectorStatus status(String name) {
        return scheduler.snapshot().collectors().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow();
    }

    /** Records the timestamp of each of its polls. */
    private static final class Stamping extends Counting {
        final ConcurrentLinkedQueue<Long> stamps = new ConcurrentLinkedQueue<>();

        Stamping(String name) {
            super(name, 1);
        }

        @Override
        public void collect(PollContext context) throws Exception {
            stamps.add(context.timestamp());
            super.collect(context);
        }
    }

    @Test
    void eachTickFiresAtItsIntervalPlusAJitterWithinBounds() {
        long[] draws = {0, 1000, 250, 999_999, -5, 700};
        AtomicInteger next = new AtomicInteger();
        start(settings("interval", "10s", "jitter", "1s"), max -> draws[next.getAndIncrement() % draws.length]);
        long t0 = timer.clock.millis();
        Stamping cpu = new Stamping("cpu");
        scheduler.addCollector(cpu, props(), "test.bundle", 1);

        // Out-of-range draws are clamped into [0, jitter]: 999999 -> 1000, -5 -> 0.
        long[] expectedJitter = {0, 1000, 250, 1000, 0, 700};
        for (int k = 0; k < expectedJitter.length; k++) {
            long due = t0 + k * 10_000L + expectedJitter[k];
            assertThat(status("cpu").nextRunTs()).isEqualTo(due);
            timer.advance(Duration.ofMillis(due - timer.clock.millis()));
            int polls = k + 1;
            await("poll " + polls + " stored", () -> status("cpu").records() == polls);
        }
        List<Long> expected = new ArrayList<>();
        for (int k = 0; k < expectedJitter.length; k++) {
            expected.add(t0 + k * 10_000L + expectedJitter[k]);
        }
        assertThat(cpu.stamps).containsExactlyElementsOf(expected);
        assertThat(jitterBounds).containsOnly(1000L);
    }

    @Test
    void aCollectorThatComesBackGoesOnCountingInTheJobsTable() {
        start(settings("interval", "10s", "jitter", "0s"), max -> 0);
        Counting first = new Counting("cpu", 1);
        scheduler.addCollector(first, props(), "test.bundle", 1);
        for (int poll = 1; poll <= 3; poll++) {
            timer.advance(Duration.ofMillis(poll == 1 ? 0 : 10_000));
            int polls = poll;
            await("poll " + polls + " stored", () -> storage.job("collector.cpu") != null
                    && storage.job("collector.cpu").runCount() == polls);
        }
        scheduler.removeCollector(first);

        Counting updated = new Counting("cpu", 1); // the same collector from an updated bundle
        scheduler.addCollector(updated, props(), "test.bundle", 2);
        timer.advance(Duration.ZERO);

        await("the next poll counted on top of the three", () -> storage.job("collector.cpu").runCount() == 4);
        assertThat(storage.job("collector.cpu").recordCount()).isEqualTo(4);
    }

    @Test
    void ticksATimerRanTooLateForAreCountedAsSkipped() {
        start(settings("interval", "10s", "jitter", "0s"), max -> 0);
        Counting cpu = new Counting("cpu", 1);
        scheduler.addCollector(cpu, props(), "test.bundle", 1);
        timer.advance(Duration.ZERO);
        await("first poll stored", () -> status("cpu").records() == 1);

        timer.stall(Duration.ofSeconds(45)); // the timer thread stalled (a long GC pause, a suspend)
        timer.advance(Duration.ZERO);
        await("the late poll stored", () -> status("cpu").records() == 2);
        assertThat(status("cpu").skipped()).isEqualTo(3); // due at 20s, 30s and 40s; the tick of 10s ran, late
        assertThat(status("cpu").nextRunTs()).isEqualTo(timer.clock.millis() + 10_000);
    }

    @Test
    void settingTheWallClockNeitherSkipsNorStallsTicks() {
        start(settings("interval", "10s", "jitter", "0s"), max -> 0);
        Counting cpu = new Counting("cpu", 1);
        scheduler.addCollector(cpu, props(), "test.bundle", 1);
        timer.advance(Duration.ZERO);
        await("first poll stored", () -> status("cpu").records() == 1);

        timer.jumpWallClock(Duration.ofHours(1)); // NTP or an admin sets the clock forward
        timer.advance(Duration.ofSeconds(10));
        await("the next poll, on time", () -> status("cpu").records() == 2);
        assertThat(status("cpu").skipped()).as("an hour of phantom missed ticks").isZero();

        timer.jumpWallClock(Duration.ofHours(-2)); // and back, past where it was
        timer.advance(Duration.ofSeconds(10));
        await("the poll after the backward jump", () -> status("cpu").records() == 3);
        timer.advance(Duration.ofSeconds(10));
        await("and the one after", () -> status("cpu").records() == 4);
        assertThat(status("cpu").skipped()).isZero();
        assertThat(status("cpu").nextRunTs()).as("shown on the wall clock").isEqualTo(timer.clock.millis() + 10_000);
        assertThat(scheduler.heartbeatLine()).as("uptime from the timer").contains("uptime=30s");
    }

    @Test
    void jitterIsCappedAtHalfTheInterval() {
        start(settings("interval", "10s", "jitter", "8s"), max -> max);
        scheduler.addCollector(new Counting("cpu", 1), props(), "test.bundle", 1);
        assertThat(status("cpu").nextRunTs()).isEqualTo(timer.clock.millis() + 5000);
        assertThat(jitterBounds).containsOnly(5000L);
    }

    @Test
    void switchedOffNothingRunsAndSwitchedOnItPollsWithinItsInterval() {
        start(settings("interval", "10s", "jitter", "0s"), max -> 0);
        Counting cpu = new Counting("cpu", 1);
        scheduler.addCollector(cpu, props(), "test.bundle", 1);
        timer.advance(Duration.ZERO);
        await("first poll stored", () -> status("cpu").records() == 1);

        scheduler.applySettings(settings("interval", "10s", "jitter", "0s", "enabled", "false"));
        assertThat(status("cpu").nextRunTs()).isNull();
        assertThat(scheduler.snapshot().enabled()).isFalse();
        long before = timer.pending();
        timer.advance(Duration.ofHours(3));
        assertThat(cpu.calls()).isEqualTo(1);
        assertThat(storage.retentionRuns()).isZero();
        assertThat(timer.pending()).isEqualTo(before); // only the heartbeat is left, rescheduling itself
        assertThat(log.matching("INFO heartbeat ")).last().asString().endsWith(" enabled=false");

        scheduler.applySettings(settings("interval", "10s", "jitter", "0s"));
        timer.advance(Duration.ofSeconds(10));
        await("polled again", () -> cpu.calls() >= 2);
    }

    @Test
    void heartbeatEveryInterval() {
        start(settings("heartbeat", "60s"), max -> 0);
        timer.advance(Duration.ofSeconds(150));
        assertThat(log.matching("INFO heartbeat ")).containsExactly(
                "INFO heartbeat uptime=0s workers.active=0 queue=0 collectors=0 records=0 errors=0",
                "INFO heartbeat uptime=1m workers.active=0 queue=0 collectors=0 records=0 errors=0",
                "INFO heartbeat uptime=2m workers.active=0 queue=0 collectors=0 records=0 errors=0");
    }

    @Test
    void aRetentionSlowerThanItsIntervalDoesNotPileUp() throws InterruptedException {
        CountDownLatch purgeEnds = new CountDownLatch(1);
        storage.holdRetention(purgeEnds);
        start(settings("retention.interval", "1s"), max -> 0);
        timer.advance(Duration.ofSeconds(1));
        await("retention started", () -> storage.retentionRuns() == 1);

        for (int tick = 0; tick < 5; tick++) {
            timer.advance(Duration.ofSeconds(1));
        }
        Thread.sleep(200); // a second run would start on the idle worker at once
        assertThat(storage.retentionRuns()).as("runs while the first is still purging").isEqualTo(1);

        assertThat(log.lines()).filteredOn(line -> line.contains("retention is still running")).hasSize(1);
        purgeEnds.countDown();
        await("first run recorded", () -> storage.job("retention") != null);
        assertThat(storage.job("retention").skippedCount()).as("ticks that found it running").isEqualTo(5);
        timer.advance(Duration.ofSeconds(1));
        await("the next tick runs again", () -> storage.retentionRuns() == 2);
    }

    @Test
    void retentionRunsOnTheSchedulerAndIsRecordedAsAJob() {
        start(settings("retention.interval", "1h"), max -> 0);
        timer.advance(Duration.ofMinutes(59));
        assertThat(storage.retentionRuns()).isZero();
        timer.advance(Duration.ofMinutes(1));
        await("retention job row", () -> storage.job("retention") != null);
        assertThat(storage.retentionRuns()).isEqualTo(1);
        assertThat(storage.job("retention").runCount()).isEqualTo(1);
        assertThat(storage.job("retention").recordCount()).isEqualTo(4);
        assertThat(storage.job("retention").lastStatus()).isEqualTo("ok");
        assertThat(storage.job("retention").nextRunTs()).isEqualTo(timer.clock.millis() + 3_600_000);
        timer.advance(Duration.ofHours(1));
        await("second run", () -> storage.job("retention").runCount() == 2);
    }

    @Test
    void selfMetricsAreWrittenUnderModuleGoadmin() {
        start(settings("interval", "10s", "jitter", "0s"), max -> 0);
        scheduler.addCollector(new Counting("cpu", 2), props(), "test.bundle", 1);
        timer.advance(Duration.ZERO);
        await("first poll", () -> status("cpu").polls() == 1 && status("cpu").lastStatus() != null);
        timer.advance(Duration.ofSeconds(10));
        await("self-metrics", () -> !storage.metrics(Scheduler.MODULE).isEmpty());
        List<MetricRecord> own = storage.metrics(Scheduler.MODULE);
        assertThat(own).extracting(MetricRecord::key).contains("scheduler.queue.size", "scheduler.workers.active",
                "scheduler.polls", "scheduler.errors", "scheduler.timeouts", "scheduler.skipped",
                "scheduler.records.written", "scheduler.records.rejected", "scheduler.db.write.errors",
                "scheduler.poll.duration.ms");
        assertThat(own).filteredOn(r -> r.key().equals("scheduler.poll.duration.ms"))
                .extracting(MetricRecord::tags).first().isEqualTo(java.util.Map.of("collector", "cpu"));
    }
}
