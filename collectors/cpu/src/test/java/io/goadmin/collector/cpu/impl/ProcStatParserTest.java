package io.goadmin.collector.cpu.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProcStatParserTest {

    static String fixture(String name) throws IOException {
        try (InputStream in = ProcStatParserTest.class.getResourceAsStream("/proc/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void readsTheTotalAndEveryCoreOfARealMachine() throws IOException {
        List<CpuTimes> cpus = ProcStatParser.parse(fixture("stat-2cores"));

        assertThat(cpus).extracting(CpuTimes::cpu).containsExactly("cpu", "cpu0", "cpu1");
        assertThat(cpus.get(0)).isEqualTo(new CpuTimes("cpu", 22351, 0, 3252, 94923, 234, 0, 140, 569, 0, 0));
    }

    @Test
    void readsManyCoresAndStopsBeforeTheLongInterruptLine() throws IOException {
        List<CpuTimes> cpus = ProcStatParser.parse(fixture("stat-256cores"));

        assertThat(cpus).hasSize(257);
        assertThat(cpus.get(256).cpu()).isEqualTo("cpu255");
        long userOfCores = cpus.stream().skip(1).mapToLong(CpuTimes::user).sum();
        assertThat(cpus.get(0).user()).isEqualTo(userOfCores);
    }

    @Test
    void missingColumnsOfOldKernelsReadAsZero() throws IOException {
        List<CpuTimes> cpus = ProcStatParser.parse(fixture("stat-old-kernel"));

        assertThat(cpus).containsExactly(
                new CpuTimes("cpu", 100, 5, 50, 1000, 0, 0, 0, 0, 0, 0),
                new CpuTimes("cpu0", 100, 5, 50, 1000, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void malformedLinesAreSkipped() {
        List<CpuTimes> cpus = ProcStatParser.parse("cpu  1 2 x 4\ncpu0 1 2 3 4\n");

        assertThat(cpus).extracting(CpuTimes::cpu).containsExactly("cpu0");
        assertThat(ProcStatParser.parse("")).isEmpty();
    }
}
