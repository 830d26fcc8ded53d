package io.goadmin.collector.mem.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.goadmin.collector.support.testing.Fixtures;

class AuxvTest {

    @Test
    void readsThePageSizeOfARealVector() {
        byte[] auxv = Fixtures.text(getClass(), "/proc/self/auxv-x86-64").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(Auxv.pageSize(auxv, 8, ByteOrder.LITTLE_ENDIAN)).isEqualTo(4096);
    }

    @Test
    void readsBigEndian32BitVectorsWith64KiBPages() {
        ByteBuffer auxv = ByteBuffer.allocate(32).order(ByteOrder.BIG_ENDIAN);
        auxv.putInt(33).putInt(0x7fff0000).putInt(6).putInt(65536).putInt(0).putInt(0);

        assertThat(Auxv.pageSize(auxv.array(), 4, ByteOrder.BIG_ENDIAN)).isEqualTo(65536);
    }

    @Test
    void aVectorWithoutThePageSizeGivesMinusOne() {
        ByteBuffer auxv = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        auxv.putLong(33).putLong(1).putLong(0).putLong(0).putLong(6).putLong(4096); // the page size after AT_NULL

        assertThat(Auxv.pageSize(auxv.array(), 8, ByteOrder.LITTLE_ENDIAN)).isEqualTo(-1);
        assertThat(Auxv.pageSize(new byte[5], 8, ByteOrder.LITTLE_ENDIAN)).isEqualTo(-1);
        assertThat(Auxv.pageSize(Path.of("/nonexistent/auxv"))).isEqualTo(-1);
    }

    @Test
    void liveMachinePageSizeIsAPowerOfTwo() {
        assumeThat(Files.isReadable(Path.of("/proc/self/auxv"))).as("Linux only").isTrue();

        long pageSize = Auxv.pageSize(Path.of("/proc/self/auxv"));

        assertThat(pageSize).isGreaterThanOrEqualTo(4096);
        assertThat(Long.bitCount(pageSize)).isEqualTo(1);
    }
}
