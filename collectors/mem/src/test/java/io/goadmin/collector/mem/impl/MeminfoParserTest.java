package io.goadmin.collector.mem.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.goadmin.collector.support.testing.Fixtures;

class MeminfoParserTest {

    @Test
    void readsARealMachineInBytes() {
        Meminfo mem = MeminfoParser.parse(Fixtures.text(getClass(), "/proc/meminfo-vm"));

        assertThat(mem.total()).isEqualTo(24683792L * 1024);
        assertThat(mem.free()).isEqualTo(23124420L * 1024);
        assertThat(mem.available()).isEqualTo(23220476L * 1024);
        assertThat(mem.buffers()).isEqualTo(4192L * 1024);
        assertThat(mem.cached()).isEqualTo(296008L * 1024); // not SwapCached, which comes later
        assertThat(mem.swapTotal()).isZero();
        assertThat(mem.used()).isBetween(0L, mem.total());
    }

    @Test
    void withoutMemAvailableTheOldEstimateIsUsed() {
        Meminfo mem = MeminfoParser.parse(Fixtures.text(getClass(), "/proc/meminfo-old-kernel"));

        assertThat(mem.available()).isEqualTo(-1);
        assertThat(mem.availableOrEstimate()).isEqualTo((512_000L + 102_400 + 409_600) * 1024);
        assertThat(mem.swapCached()).isZero();
    }

    @Test
    void usedIsCountedAsFreeDoesIt() {
        Meminfo mem = MeminfoParser.parse(Fixtures.text(getClass(), "/proc/meminfo-with-swap"));

        long expected = (16_314_624L - 823_456 - 412_345 - 7_654_321 - 456_789) * 1024;
        assertThat(mem.used()).isEqualTo(expected);
        assertThat(mem.swapTotal()).isEqualTo(8_388_604L * 1024);
        assertThat(mem.swapFree()).isEqualTo(6_291_452L * 1024);
    }

    @Test
    void moreCacheThanMemoryInUseFallsBackToTotalMinusFree() {
        Meminfo mem = MeminfoParser.parse(Fixtures.text(getClass(), "/proc/meminfo-container"));

        assertThat(mem.used()).isEqualTo((1_048_576L - 524_288) * 1024);
    }

    @Test
    void linesWithoutAUnitAreReadAsWrittenAndPrefixesDoNotMatch() {
        String text = "HugePages_Total:       7\nMemTotalX:  5 kB\nMemTotal: 3 kB\n";

        assertThat(MeminfoParser.value(text, "HugePages_Total")).isEqualTo(7);
        assertThat(MeminfoParser.value(text, "MemTotal")).isEqualTo(3 * 1024);
        assertThat(MeminfoParser.value(text, "Total")).isEqualTo(-1);
        assertThat(MeminfoParser.value("MemTotal:   kB\n", "MemTotal")).isEqualTo(-1);
    }
}
