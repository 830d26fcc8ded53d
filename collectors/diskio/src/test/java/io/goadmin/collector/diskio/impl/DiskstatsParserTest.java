package io.goadmin.collector.diskio.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.goadmin.collector.support.testing.Fixtures;

class DiskstatsParserTest {

    @Test
    void readsEveryDeviceOfARealMachine() {
        String text = Fixtures.text(getClass(), "/proc/diskstats-vm");
        List<DiskStats> disks = DiskstatsParser.parse(text);

        assertThat(disks).extracting(DiskStats::device).contains("vda", "loop0");
        assertThat(disks).hasSize((int) text.lines().filter(line -> !line.isBlank()).count());
        DiskStats vda = disks.stream().filter(d -> d.device().equals("vda")).findFirst().orElseThrow();
        assertThat(vda.readsCompleted()).isPositive();
        assertThat(vda.sectorsRead()).isPositive();
    }

    @Test
    void oddLinesWrappedCountersLongNamesAndShortPartitionLines() {
        List<DiskStats> disks = DiskstatsParser.parse(Fixtures.text(getClass(), "/proc/diskstats-odd"));

        assertThat(disks).extracting(DiskStats::device).containsExactly("sda", "nvme0n1", "dm-0",
                "md_a_very_long_raid_array_name_that_goes_on_and_on_beyond_sixty_four_chars", "loop0");
        assertThat(disks.get(0).readsCompleted()).isEqualTo(18_446_744_073_709_551_615.0);
        assertThat(disks.get(0).sectorsRead()).isEqualTo(4_294_967_296.0);
        // a newer kernel's extra discard and flush counters are ignored
        assertThat(disks.get(1)).isEqualTo(new DiskStats("nvme0n1", 100, 1, 2048, 5, 200, 2, 4096, 6, 3, 7, 8));
    }

    @Test
    void nothingParsesFromNothing() {
        assertThat(DiskstatsParser.parse("")).isEmpty();
        assertThat(DiskstatsParser.parse("8 0 sda 1 2 3 4 5 6 7 8 9 10 -11\n")).isEmpty();
    }
}
