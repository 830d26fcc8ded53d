package io.goadmin.collector.cpu.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class CpuUsageTest {
    private final CpuUsage usage = new CpuUsage();
    private final double[] percentages = new double[CpuUsage.STATES.size()];

    @Test
    void firstReadingOnlyPrimes() {
        assertThat(usage.update(times(100, 0, 100, 800, 0, 0), percentages)).isFalse();
    }

    @Test
    void percentagesComeFromTheDifferenceAndAddUpToHundred() {
        usage.update(times(100, 0, 100, 800, 0, 0), percentages);
        usage.endPoll();

        assertThat(usage.update(times(130, 0, 110, 860, 0, 0), percentages)).isTrue();

        assertThat(percentages[0]).isCloseTo(30.0, within(1e-9)); // user
        assertThat(percentages[2]).isCloseTo(10.0, within(1e-9)); // system
        assertThat(percentages[3]).isCloseTo(60.0, within(1e-9)); // idle
        assertThat(Arrays.stream(percentages).sum()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void guestTimeIsTakenOutOfUserSoStatesDoNotCountItTwice() {
        usage.update(times(100, 0, 0, 100, 0, 0), percentages);
        usage.endPoll();

        usage.update(times(200, 0, 0, 200, 40, 0), percentages);

        assertThat(percentages[0]).isCloseTo(30.0, within(1e-9)); // user without guest: 60 of 200
        assertThat(percentages[8]).isCloseTo(20.0, within(1e-9)); // guest: 40 of 200
        assertThat(Arrays.stream(percentages).sum()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void aCounterThatStepsBackCountsAsNoTime() {
        usage.update(new CpuTimes("cpu", 100, 0, 100, 800, 50, 0, 0, 0, 0, 0), percentages);
        usage.endPoll();

        // iowait went from 50 to 40: the kernel's iowait can do that
        assertThat(usage.update(new CpuTimes("cpu", 150, 0, 100, 850, 40, 0, 0, 0, 0, 0), percentages)).isTrue();

        assertThat(percentages[4]).isZero();
        assertThat(percentages[0]).isCloseTo(50.0, within(1e-9));
        assertThat(Arrays.stream(percentages).sum()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void countersThatAllResetRePrimeTheCpu() {
        usage.update(times(10_000, 0, 10_000, 80_000, 0, 0), percentages);
        usage.endPoll();

        assertThat(usage.update(times(10, 0, 10, 80, 0, 0), percentages)).isFalse();
        usage.endPoll();
        assertThat(usage.update(times(20, 0, 20, 160, 0, 0), percentages)).isTrue();
        assertThat(percentages[3]).isCloseTo(80.0, within(1e-9));
    }

    @Test
    void countersNearTheTopOfTheRangeStillGiveDifferences() {
        long high = Long.MAX_VALUE - 1000;
        usage.update(times(high, 0, high, high, 0, 0), percentages);
        usage.endPoll();

        assertThat(usage.update(times(high + 10, 0, high + 10, high + 80, 0, 0), percentages)).isTrue();
        assertThat(percentages[3]).isCloseTo(80.0, within(1e-9));
    }

    @Test
    void aCoreThatLeavesIsPrimedAgainWhenItReturns() {
        CpuTimes core = new CpuTimes("cpu3", 1, 0, 1, 8, 0, 0, 0, 0, 0, 0);
        usage.update(core, percentages);
        usage.endPoll();
        usage.update(times(1, 0, 1, 1, 0, 0), percentages);
        usage.endPoll();

        assertThat(usage.update(new CpuTimes("cpu3", 2, 0, 2, 16, 0, 0, 0, 0, 0, 0), percentages)).isFalse();
    }

    private static CpuTimes times(long user, long nice, long system, long idle, long guest, long guestNice) {
        return new CpuTimes("cpu", user, nice, system, idle, 0, 0, 0, 0, guest, guestNice);
    }
}
