package io.goadmin.collector.disk.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hung mount is simulated by a reader that blocks on a latch for chosen paths. The short timeout only makes the
 * test quick; nothing asserts on how long anything took.
 */
class MountStatterTest {
    private static final MountStatter.Space SPACE = new MountStatter.Space(100, 40, 30);

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
            assertThat(statter.stat("/", false)).isEqualTo(new MountStatter.Measured(SPACE));
            assertThat(statter.stat("/data", false)).isEqualTo(new MountStatter.Measured(SPACE));
        }
    }

    @Test
    void aHungMountIsSkippedWithoutAskingAgainUntilItReturns() throws Exception {
        try (MountStatter statter = new MountStatter(reader, Duration.ofMillis(50), 2)) {
            assertThat(statter.stat("/hung/nfs", false)).isEqualTo(new MountStatter.Hung(true));
            assertThat(statter.stat("/hung/nfs", false)).isEqualTo(new MountStatter.Hung(false));
            assertThat(calls.get("/hung/nfs")).hasValue(1);

            // a fresh helper answers for the other mounts
            assertThat(statter.stat("/", false)).isEqualTo(new MountStatter.Measured(SPACE));
            assertThat(statter.abandonedThreads()).isEqualTo(1);

            release.countDown();
            awaitNoAbandoned(statter);
            assertThat(statter.stat("/hung/nfs", false)).isEqualTo(new MountStatter.Measured(SPACE));
        }
    }

    @Test
    void pastTheBoundOnlyTrustedMountsAreAskedOnOneReservedThread() throws Exception {
        try (MountStatter statter = new MountStatter(reader, Duration.ofMillis(50), 2)) {
            statter.stat("/hung/a", false);
            statter.stat("/hung/b", false);
            assertThat(statter.saturated()).isTrue();

            assertThat(statter.stat("/hung/c", false)).isEqualTo(new MountStatter.Skipped());
            assertThat(statter.stat("/data", false)).isEqualTo(new MountStatter.Skipped());
            assertThat(statter.stat("/", true)).isEqualTo(new MountStatter.Measured(SPACE));
            assertThat(calls).doesNotContainKeys("/hung/c", "/data");

            // the reserved helper is abandoned in turn: then nothing is asked
            assertThat(statter.stat("/hung/d", true)).isEqualTo(new MountStatter.Hung(true));
            assertThat(statter.stat("/", true)).isEqualTo(new MountStatter.Skipped());
            assertThat(calls.get("/")).hasValue(1);
            assertThat(helperThreads()).hasSizeLessThanOrEqualTo(3);

            release.countDown();
            awaitNoAbandoned(statter);
            assertThat(statter.saturated()).isFalse();
            assertThat(statter.stat("/data", false)).isEqualTo(new MountStatter.Measured(SPACE));
        }
    }

    @Test
    void closeLeavesNoHelperThreadOnceHungCallsReturn() throws Exception {
        MountStatter statter = new MountStatter(reader, Duration.ofMillis(50), 2);
        statter.stat("/hung/a", false);
        statter.stat("/", false);

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
