package io.goadmin.collector.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameFilterTest {

    @Test
    void emptyListsAcceptEverything() {
        NameFilter filter = NameFilter.of(new String[0], null);
        assertThat(filter.accepts("eth0")).isTrue();
        assertThat(filter.accepts("")).isTrue();
    }

    @Test
    void includeListLimitsAndExcludeListWins() {
        NameFilter filter = NameFilter.of(new String[] {"eth*", "wlan?"}, new String[] {"eth1"});
        assertThat(filter.accepts("eth0")).isTrue();
        assertThat(filter.accepts("wlan0")).isTrue();
        assertThat(filter.accepts("wlan10")).isFalse();
        assertThat(filter.accepts("eth1")).isFalse();
        assertThat(filter.accepts("lo")).isFalse();
    }

    @Test
    void globCharactersOtherThanStarAndQuestionMarkAreLiteral() {
        NameFilter filter = NameFilter.of(null, new String[] {"/mnt/a.b(1)*", "/srv/[x]"});
        assertThat(filter.accepts("/mnt/a.b(1)/deep")).isFalse();
        assertThat(filter.accepts("/mnt/aXb(1)")).isTrue();
        assertThat(filter.accepts("/srv/[x]")).isFalse();
        assertThat(filter.accepts("/srv/x")).isTrue();
    }

    @Test
    void entriesMayBeCommaSeparatedAsAPlainCfgLineGivesThem() {
        NameFilter filter = NameFilter.of(null, new String[] {"loop*, ram* ,,zram*"});
        assertThat(filter.accepts("loop0")).isFalse();
        assertThat(filter.accepts("ram1")).isFalse();
        assertThat(filter.accepts("zram0")).isFalse();
        assertThat(filter.accepts("vda")).isTrue();
    }

    @Test
    void namesWithSpacesMatch() {
        NameFilter filter = NameFilter.of(new String[] {"/media/My Disk*"}, null);
        assertThat(filter.accepts("/media/My Disk 2")).isTrue();
    }

    @Test
    void prefixesPatternsAndExactNamesMixInOneList() {
        NameFilter filter = NameFilter.of(null, new String[] {"/proc", "/proc/*", "*docker*", "md?"});
        assertThat(filter.accepts("/proc")).isFalse();
        assertThat(filter.accepts("/proc/sys/fs/binfmt_misc")).isFalse();
        assertThat(filter.accepts("/process")).isTrue();
        assertThat(filter.accepts("/var/lib/docker/overlay")).isFalse();
        assertThat(filter.accepts("md0")).isFalse();
        assertThat(filter.accepts("md10")).isTrue();
    }
}
