package io.goadmin.scheduler.impl;

import static io.goadmin.scheduler.impl.Fixtures.await;
import static io.goadmin.scheduler.impl.Fixtures.awaitAtLeast;
import static io.goadmin.scheduler.impl.Fixtures.config;
import static io.goadmin.scheduler.impl.Fixtures.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.goadmin.scheduler.impl.Fixtures.Counting;
import io.goadmin.scheduler.impl.Fixtures.Slow;

/** Activation and deactivation, fifty times over, leave no thread behind. */
class ThreadLeakTest {

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    private static long schedulerThreads() {
        return liveThreads().stream().filter(t -> t.getName().startsWith("goadmin-")).count();
    }

    @Test
    void fiftyActivateDeactivateCyclesLeaveTheThreadCountAsItWas() {
        int before = liveThreads().size();
        assertThat(schedulerThreads()).isZero();

        for (int cycle = 0; cycle < 50; cycle++) {
            MemoryStorage storage = new MemoryStorage();
            RecordingLogger log = new RecordingLogger();
            Map<String, Object> properties = props("interval", "100ms", "jitter", "10ms", "workers", "4",
                    "timeout", "1s", "heartbeat", "1s", "shutdown.timeout", "5s");
            SchedulerComponent component = new SchedulerComponent(null, storage, log.logger, config(properties),
                    properties);
            Counting quick = new Counting("quick", 2);
            Slow slow = new Slow("slow", 30_000); // still running at deactivation: must be cancelled
            component.addCollector(quick, props("service.bundleid", 3L));
            component.addCollector(slow, props("service.bundleid", 3L));
            awaitAtLeast("polls in cycle " + cycle, quick::calls, 1);
            await("slow poll running in cycle " + cycle, () -> slow.calls() == 1);

            component.deactivate(6);

            assertThat(log.matching("scheduler stopping: reason=bundle stopped")).hasSize(1);
            assertThat(log.matching("scheduler stopped: cancelled polls=")).hasSize(1);
        }

        await("scheduler threads to end", () -> schedulerThreads() == 0);
        await("live threads back to " + before, () -> liveThreads().size() == before);
        assertThat(liveThreads()).hasSize(before);
    }
}
