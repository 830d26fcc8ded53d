package io.goadmin.scheduler.impl;

import static io.goadmin.scheduler.impl.Fixtures.await;
import static io.goadmin.scheduler.impl.Fixtures.awaitAtLeast;
import static io.goadmin.scheduler.impl.Fixtures.props;
import static io.goadmin.scheduler.impl.Fixtures.settings;
import static io.goadmin.scheduler.impl.Fixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.goadmin.core.MetricRecord;
import io.goadmin.scheduler.CollectorStatus;
import io.goadmin.scheduler.impl.Fixtures.Counting;
import io.goadmin.scheduler.impl.Fixtures.Hung;
import io.goadmin.scheduler.impl.Fixtures.Invalid;
import io.goadmin.scheduler.impl.Fixtures.Slow;
import io.goadmin.scheduler.impl.Fixtures.Throwing;

/** Slow, hung, failing and sloppy collectors each pay for themselves; the others keep their schedule. */
class IsolationTest {
    private final MemoryStorage storage = new MemoryStorage();
    private final RecordingLogger log = new RecordingLogger();
    private final Hung hung = new Hung("hung");
    private Scheduler scheduler;

    @AfterEach
    void stop() {
        hung.release.countDown();
        if (scheduler != null) {
            scheduler.stop("test");
        }
    }

    private CollectorStatus status(String name) {
        return scheduler.snapshot().collectors().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void badCollectorsDoNotHoldUpTheOthers() {
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "0s", "workers", "2",
                "timeout", "300ms", "collector.slow.interval", "100ms"));
        Counting steady = new Counting("steady", 1);
        Slow slow = new Slow("slow", 200);
        Throwing throwing = new Throwing("throwing");
        Invalid invalid = new Invalid("invalid");
        for (Counting collector : new Counting[] {steady, slow, throwing, invalid, hung}) {
            scheduler.addCollector(collector, props(), "test.bundle", 1);
        }

        await("the hung collector to be marked stuck", () -> status("hung").stuck());
        int steadyWhenStuck = steady.calls();
        awaitAtLeast("steady polls while one worker is stuck", steady::calls, steadyWhenStuck + 10);
        awaitAtLeast("slow collector's skipped ticks", () -> status("slow").skipped(), 1);
        awaitAtLeast("failures", () -> status("throwing").errors(), 3);
        awaitAtLeast("invalid collector's polls", () -> status("invalid").polls(), 3);

        CollectorStatus hungStatus = status("hung");
        assertThat(hungStatus.timeouts()).isEqualTo(1);
        assertThat(hungStatus.polls()).isEqualTo(1);
        assertThat(hungStatus.skipped()).isPositive();
        assertThat(hungStatus.records()).isZero(); // the timed-out poll's record is discarded
        assertThat(hung.calls()).isEqualTo(1);
        assertThat(storage.metrics("hung")).isEmpty();

        assertThat(status("throwing").lastStatus()).isEqualTo("error");
        assertThat(status("throwing").lastError()).isEqualTo("IOException: /proc/stat: permission denied");

        // Invalid records are refused at emit, counted, and the valid one of each poll is stored.
        scheduler.stop("test");
        CollectorStatus invalidStatus = status("invalid");
        assertThat(invalidStatus.rejected()).isEqualTo(invalid.refused.get()).isEqualTo(2L * invalid.calls());
        assertThat(storage.metrics("invalid")).extracting(MetricRecord::key).containsOnly("good")
                .hasSize(invalid.calls());
        assertThat(invalidStatus.records()).isEqualTo(invalid.calls());

        // One line for the stuck collector, and failures rate-limited to one line a minute, without stack traces.
        assertThat(log.matching("collector hung ignores interruption")).hasSize(1);
        assertThat(log.matching("collector hung timed out after 300ms; its records were discarded")).hasSize(1);
        assertThat(log.matching("collector throwing failed: IOException: /proc/stat: permission denied")).hasSize(1);
        assertThat(log.matching("collector invalid emitted 2 invalid records in one poll")).hasSize(1);
        assertThat(log.throwableLogged()).isFalse();
        assertThat(log.matching("collectors ignoring interruption still hold worker threads")).hasSize(1);
    }

    @Test
    void aStuckCollectorIsPolledAgainOnceItReturns() {
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "0s", "timeout", "200ms"));
        scheduler.addCollector(hung, props(), "test.bundle", 1);
        await("stuck", () -> status("hung").stuck());
        hung.release.countDown();
        await("no longer stuck", () -> !status("hung").stuck());
        awaitAtLeast("polls after it returned", hung::calls, 2);
        assertThat(log.matching("collector hung returned after being stuck")).hasSize(1);
    }

    @Test
    void removingACollectorThatIgnoresTheInterruptDoesNotCostAWorker() {
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "0s", "workers", "1",
                "timeout", "10s"));
        scheduler.addCollector(hung, props(), "test.bundle", 1);
        await("the hung poll running", () -> hung.calls() == 1);

        scheduler.removeCollector(hung); // cancelled long before its deadline; it swallows the interrupt
        Counting steady = new Counting("steady", 1);
        scheduler.addCollector(steady, props(), "test.bundle", 2);

        awaitAtLeast("polls of the collector added after", steady::calls, 3);
        String warning = "collector hung ignores interruption and still holds a worker after it was removed";
        await("the stuck warning", () -> !log.matching(warning).isEmpty());
        awaitAtLeast("more polls", steady::calls, steady.calls() + 3);
        assertThat(log.matching(warning)).as("warned once").hasSize(1);
        hung.release.countDown();
        await("the spare worker given back", () -> !scheduler.heartbeatLine().contains("stuck="));
        assertThat(log.matching("collector hung returned after being stuck")).hasSize(1);
    }

    @Test
    void aTimedOutPollIsInterruptedAndItsRecordsDiscarded() {
        scheduler = started(storage, log, settings("interval", "100ms", "jitter", "0s", "timeout", "50ms"));
        Slow slow = new Slow("slow", 60_000);
        scheduler.addCollector(slow, props(), "test.bundle", 1);
        awaitAtLeast("timeouts", () -> status("slow").timeouts(), 3);
        CollectorStatus status = status("slow");
        assertThat(status.stuck()).isFalse();
        assertThat(status.lastStatus()).isIn("timeout", "skipped");
        assertThat(storage.metrics("slow")).isEmpty();
        await("jobs row", () -> storage.job("collector.slow") != null
                && storage.job("collector.slow").timeoutCount() > 0);
    }
}
