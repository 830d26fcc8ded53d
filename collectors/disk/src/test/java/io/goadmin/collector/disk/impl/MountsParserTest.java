package io.goadmin.collector.disk.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.goadmin.collector.support.testing.Fixtures;

class MountsParserTest {

    @Test
    void readsARealMachineKeepingTheVisibleMountOfEachPath() {
        List<Mount> mounts = MountsParser.parse(Fixtures.text(getClass(), "/proc/mounts-vm"));

        assertThat(mounts).contains(new Mount("/dev/vda", "/", "ext4"), new Mount("proc", "/proc", "proc"));
        assertThat(mounts).extracting(Mount::path).doesNotHaveDuplicates();
    }

    @Test
    void decodesEscapedSpacesTabsBackslashesAndUtf8() {
        List<Mount> mounts = MountsParser.parse(Fixtures.text(getClass(), "/proc/mounts-odd"));

        assertThat(mounts).extracting(Mount::path).containsExactly("/", "/media/My Disk",
                "/mnt/tab\tand\\backslash", "/mnt/café", "/mnt/nfs", "/mnt/long", "/run", "/data");
        assertThat(mounts.get(4).device()).startsWith("server:/export/a/very/long/path").hasSizeGreaterThan(256);
    }

    @Test
    void theLastMountOfAPathWins() {
        List<Mount> mounts = MountsParser.parse(Fixtures.text(getClass(), "/proc/mounts-odd"));

        assertThat(mounts).filteredOn(m -> m.path().equals("/data"))
                .containsExactly(new Mount("/dev/sde2", "/data", "xfs"));
    }

    @Test
    void incompleteEscapesAreKeptAsWritten() {
        assertThat(MountsParser.unescape("a\\04")).isEqualTo("a\\04");
        assertThat(MountsParser.unescape("a\\089b")).isEqualTo("a\\089b");
        assertThat(MountsParser.unescape("plain")).isEqualTo("plain");
    }
}
