package io.goadmin.collector.disk.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class StatvfsTest {

    @Test
    void readsSizesInFragmentsAndInodeCounts() {
        ByteBuffer struct = ByteBuffer.allocate(256).order(ByteOrder.BIG_ENDIAN);
        // bsize, frsize, blocks, bfree, bavail, files, ffree, favail, then fields that are not read
        struct.putLong(4096).putLong(1024).putLong(1000).putLong(400).putLong(300).putLong(5000).putLong(1234)
                .putLong(1234).putLong(-1).putLong(-1);

        assertThat(Statvfs.parse(struct.array(), ByteOrder.BIG_ENDIAN))
                .isEqualTo(new MountStatter.Space(1000 * 1024, 400 * 1024, 300 * 1024, 5000, 1234));
    }

    @Test
    void liveMachineRootAgreesWithJavaIoFile() throws Exception {
        assumeThat(Statvfs.link()).as("64-bit Linux with JNA").isNull();

        MountStatter.Space root = Statvfs.read("/");

        assertThat(root.total()).isEqualTo(new File("/").getTotalSpace());
        assertThat(root.free()).isBetween(root.available(), root.total());
        assertThat(root.inodes()).isGreaterThanOrEqualTo(root.inodesFree()).isNotNegative();
    }

    @Test
    void aMissingPathFailsWithItsErrno() {
        assumeThat(Statvfs.link()).as("64-bit Linux with JNA").isNull();

        assertThatThrownBy(() -> Statvfs.read("/no/such/mount point")).isInstanceOf(IOException.class)
                .hasMessage("statvfs /no/such/mount point failed: errno 2");
    }
}
