package io.goadmin.collector.disk.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hung mount is simulated by a reader that blocks on a latch for chosen paths. The short timeout only makes the
 * test quick; nothing asserts on how long anything took.
 */
class MountStatterTest {
    private static final MountStatter.Space SPACE = new MountStatter.Space(100, 40, 30);
    private static final Instant NO_DEADLINE = Instant.MAX;

    private final CountDownLatch release = new CountDownLatch(1);
    private final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private final MountStatter.SpaceReader reader = path -> {
        calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        if (path.startsWith("/hung")) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // like statvfs, ignore the interrupt and carry on
            }
        }
        return SPACE;
    };

    @AfterEach
    void releaseHungCalls() {
        release.countDown();
    }

    @Test
    void aMountThatAnswersIsMeasured() throws Exception {
        try (MountStatter statter = new MountStatter(reader, Duration.ofSeconds(30), 2)) {
            assertThat(statter.stat("/", false, NO_DEADLINE)).isEqualTo(new MountStatter.Measured(SPACE));
            assertThat(statter.stat("/data", false, NO_DEADLINE)).isEqualTo(new MountStatter.Measured(SPACE));
        }
    }

    @Test
    void aHungMountIsSkippedWithoutAskingAgainUntilItReturns() throws Exception {
        try (MountStatter statter = new MountStatter(reader, Duration.ofMillis(50), 2)) {
            assertThat(statter.stat("/hung/nfs", false, NO_DEADLINE)).isEqualTo(new MountStatter.Hung(true));
            assertThat(statter.stat("/hung/nfs", false, NO_DEADLINE)).isEqualTo(new MountStatter.Hung(false));
            assertThat(calls.get("/hung/nfs")).hasValue(1);

            // a fresh helper answers for the other mounts
            assertThat(statter.stat("/", false, NO_DEADLINE)).isEqualTo(new MountStatter.Measured(SPACE));
            assertThat(statter.abandonedThreads()).isEqualTo(1);

            release.countDown();
            awaitNoAbandoned(statter);
            assertThat(statter.stat("/hung/nfs", false, NO_DEADLINE)).isEqualTo(new MountStatter.Measured(SPACE));
        }
    }

    @Test
    void pastTheBoundOnlyTrustedMountsAreAskedOnOneReservedThread() throws Exception {
        try (MountStatter statter = new MountStatter(reader, Duration.ofMillis(50), 2)) {
            statter.stat("/hung/a", false, NO_DEADLINE);
            statter.stat("/hung/b", false, NO_DEADLINE);
            assertThat(statter.saturated()).isTrue();

            assertThat(statter.stat("/hung/c", false, NO_DEADLINE)).isEqualTo(new MountStatter.Skipped(MountStatter.Reason.STUCK_THREADS));
            assertThat(statter.stat("/data", false, NO_DEADLINE)).isEqualTo(new MountStatter.Skipped(MountStatter.Reason.STUCK_THREADS));
            assertThat(statter.stat("/", true, NO_DEADLINE)).isEqualTo(new MountStatter.Measured(SPACE));
            assertThat(calls).doesNotContainKeys("/hung/c", "/data");

            // the reserved helper is abandoned in turn: then nothing is asked
            assertThat(statter.stat("/hung/d", true, NO_DEADLINE)).isEqualTo(new MountStatter.Hung(true));
            assertThat(statter.stat("/", true, NO_DEADLINE)).isEqualTo(new MountStatter.Skipped(MountStatter.Reason.STUCK_THREADS));
            assertThat(calls.get("/")).hasValue(1);
            assertThat(helperThreads()).hasSizeLessThanOrEqualTo(3);

            release.countDown();
            awaitNoAbandoned(statter);
            assertThat(statter.saturated()).isFalse();
            assertThat(statter.stat("/data", false, NO_DEADLINE)).isEqualTo(new MountStatter.Measured(SPACE));
        }
    }

    @Test
    void noMountIsAskedOnceThePollsDeadlineHasPassed() throws Exception {
        try (MountStatter statter = new MountStatter(reader, Duration.ofSeconds(30), 2)) {
            assertThat(statter.stat("/", false, Instant.now().minusSeconds(1)))
                    .isEqualTo(new MountStatter.Skipped(MountStatter.Reason.DEADLINE));
            assertThat(calls).doesNotContainKey("/");
        }
    }

    @Test
    @Timeout(60) // only a guard: waiting for the whole stat timeout would take an hour
    void theWaitEndsAtThePollsDeadlineWhenThatComesFirst() throws Exception {
        try (MountStatter statter = new MountStatter(reader, Duration.ofHours(1), 2)) {
            assertThat(statter.stat("/hung/nfs", false, Instant.now().plusMillis(50)))
                    .isEqualTo(new MountStatter.Hung(true));
            assertThat(statter.abandonedThreads()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(60) // only a guard: a call queued behind the stuck thread would wait an hour
    void anInterruptedWaitAbandonsTheStuckHelperAndAFreshOneServesTheNextCall() throws Exception {
        try (MountStatter statter = new MountStatter(reader, Duration.ofHours(1), 2)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread poll = new Thread(() -> {
                try {
                    statter.stat("/hung/nfs", false, NO_DEADLINE);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            poll.start();
            while (!calls.containsKey("/hung/nfs")) {
                Thread.sleep(5);
            }
            poll.interrupt();
            poll.join();

            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            assertThat(statter.abandonedThreads()).isEqualTo(1);
            assertThat(statter.stat("/hung/nfs", false, NO_DEADLINE)).isEqualTo(new MountStatter.Hung(false));
            assertThat(statter.stat("/", false, NO_DEADLINE)).isEqualTo(new MountStatter.Measured(SPACE));

            release.countDown();
            awaitNoAbandoned(statter);
        }
    }

    @Test
    void closeLeavesNoHelperThreadOnceHungCallsReturn() throws Exception {
        MountStatter statter = new MountStatter(reader, Duration.ofMillis(50), 2);
        statter.stat("/hung/a", false, NO_DEADLINE);
        statter.stat("/", false, NO_DEADLINE);

        release.countDown();
        statter.close();

        for (Thread thread : helperThreads()) {
            thread.join();
        }
        assertThat(helperThreads()).isEmpty();
    }

    private static void awaitNoAbandoned(MountStatter statter) throws InterruptedException {
        while (statter.abandonedThreads() > 0) {
            Thread.sleep(5);
        }
    }

    private static List<Thread> helperThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("goadmin-disk-stat-") && t.isAlive())
                .toList();
    }
}
