package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.goadmin.core.StorageStatus;

/** Latency since start for status, and per interval for self-metrics. */
class WriteStatsTest {
    private final WriteStats stats = new WriteStats();

    @Test
    void theIntervalShowsASlowdownThatTheWholeUptimeHides() {
        record(1000, TimeUnit.MICROSECONDS.toNanos(200));
        StorageStatus.Latency first = stats.intervalLatency();
        record(10, TimeUnit.MILLISECONDS.toNanos(500));

        StorageStatus.Latency second = stats.intervalLatency();
        StorageStatus.Latency sinceStart = stats.latency();

        assertThat(first.count()).isEqualTo(1000);
        assertThat(first.p95Micros()).isBetween(190L, 210L);
        assertThat(second.count()).as("only the samples since the previous interval").isEqualTo(10);
        assertThat(second.p95Micros()).isBetween(490_000L, 510_000L);
        assertThat(sinceStart.count()).isEqualTo(1010);
        assertThat(sinceStart.p95Micros()).as("1% slow saves do not move the p95 since start").isBetween(190L, 210L);
        assertThat(stats.intervalLatency().count()).as("an interval without saves").isZero();
    }

    @Test
    void resetForgetsBoth() {
        record(5, 1_000_000);

        stats.resetLatency();

        assertThat(stats.latency().count()).isZero();
        assertThat(stats.intervalLatency().count()).isZero();
    }

    private void record(int times, long nanos) {
        for (int i = 0; i < times; i++) {
            stats.latency(nanos);
        }
    }
}
