package io.goadmin.scheduler.impl;

import static io.goadmin.scheduler.impl.Fixtures.await;
import static io.goadmin.scheduler.impl.Fixtures.awaitAtLeast;
import static io.goadmin.scheduler.impl.Fixtures.props;
import static io.goadmin.scheduler.impl.Fixtures.settings;
import static io.goadmin.scheduler.impl.Fixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.goadmin.core.Collector;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.PollContext;
import io.goadmin.scheduler.CollectorStatus;
import io.goadmin.scheduler.SchedulerSnapshot;

/** Many collectors, few workers, short intervals: every counter adds up exactly. */
class StressTest {

    /** Emits 1 to 5 records, now and then throws after emitting, sometimes sleeps a little; counts everything. */
    private static final class Busy implements Collector {
        final String name;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong thrown = new AtomicLong();

        Busy(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void collect(PollContext context) throws Exception {
            long call = calls.incrementAndGet();
            int count = (int) (call % 5) + 1;
            for (int i = 0; i < count; i++) {
                if (context.emit("value", i, java.util.Map.of("i", Integer.toString(i)))) {
                    accepted.incrementAndGet();
                }
            }
            if (call % 3 == 0) {
                Thread.sleep(1);
            }
            if (call % 7 == 0) {
                thrown.incrementAndGet();
                throw new IllegalStateException("failure " + call);
            }
        }
    }

    @Test
    void countersAddUpUnderLoad() {
        MemoryStorage storage = new MemoryStorage();
        RecordingLogger log = new RecordingLogger();
        Scheduler scheduler = started(storage, log, settings("interval", "100ms", "jitter", "30ms", "workers", "3",
                "timeout", "10s"));
        List<Busy> collectors = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Busy busy = new Busy("busy" + i);
            collectors.add(busy);
            scheduler.addCollector(busy, props(), "test.bundle", 1);
        }
        awaitAtLeast("polls", scheduler::polls, 3000);

        // Switch polling off and let the polls in flight end, so none is cancelled by the stop.
        scheduler.applySettings(settings("interval", "100ms", "jitter", "30ms", "workers", "3", "timeout", "10s",
                "enabled", "false"));
        await("polls in flight to end", () -> {
            SchedulerSnapshot snapshot = scheduler.snapshot();
            return snapshot.activeWorkers() == 0 && snapshot.queueSize() == 0;
        });
        scheduler.stop("test");

        SchedulerSnapshot snapshot = scheduler.snapshot();
        long calls = collectors.stream().mapToLong(c -> c.calls.get()).sum();
        long accepted = collectors.stream().mapToLong(c -> c.accepted.get()).sum();
        long thrown = collectors.stream().mapToLong(c -> c.thrown.get()).sum();
        List<CollectorStatus> statuses = snapshot.collectors();

        assertThat(scheduler.polls()).isEqualTo(calls);
        assertThat(statuses.stream().mapToLong(CollectorStatus::polls).sum()).isEqualTo(calls);
        assertThat(statuses.stream().mapToLong(CollectorStatus::errors).sum()).isEqualTo(thrown);
        assertThat(snapshot.errors()).isEqualTo(thrown);
        assertThat(statuses.stream().mapToLong(CollectorStatus::timeouts).sum()).isZero();
        assertThat(statuses.stream().mapToLong(CollectorStatus::skipped).sum()).isEqualTo(scheduler.skipped());
        List<MetricRecord> stored = storage.batches().stream().flatMap(List::stream)
                .filter(r -> !r.module().equals(Scheduler.MODULE)).toList();
        assertThat(stored).hasSize((int) accepted);
        assertThat(snapshot.recordsWritten()).isEqualTo(accepted);
        assertThat(statuses.stream().mapToLong(CollectorStatus::records).sum()).isEqualTo(accepted);
        assertThat(snapshot.activeWorkers()).isZero();
        assertThat(snapshot.queueSize()).isZero();
        for (Busy busy : collectors) {
            CollectorStatus status = statuses.stream().filter(s -> s.name().equals(busy.name)).findFirst()
                    .orElseThrow();
            assertThat(status.polls()).isEqualTo(busy.calls.get());
            assertThat(storage.jobWrites("collector." + busy.name)).isLessThanOrEqualTo(
                    (int) (status.polls() + status.skipped() + 1)); // +1: the switch-off is written once
            assertThat(storage.job("collector." + busy.name).runCount()).isEqualTo(status.polls());
        }
        assertThat(log.throwableLogged()).isFalse();
    }
}
