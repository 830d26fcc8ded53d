package io.goadmin.collector.system.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.goadmin.collector.support.testing.Fixtures;

class SystemParsersTest {

    @Test
    void readsLoadavgOfARealMachine() {
        SystemParsers.Loadavg load = SystemParsers.loadavg(Fixtures.text(getClass(), "/proc/loadavg-vm"));

        assertThat(load).isEqualTo(new SystemParsers.Loadavg(7.72, 6.80, 3.63, 2, 208));
    }

    @Test
    void readsUptimeOfARealMachine() {
        assertThat(SystemParsers.uptime(Fixtures.text(getClass(), "/proc/uptime-vm"))).isEqualTo(1228.19);
    }

    @Test
    void aMalformedLoadavgIsRefused() {
        assertThatThrownBy(() -> SystemParsers.loadavg("0.1 0.2\n")).hasMessageContaining("/proc/loadavg");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"0-1;2", "0;1", "0-3,8,10-11;7", "0-1023;1024", "'';0"})
    void countsCpuLists(String list, int count) {
        assertThat(SystemParsers.cpuCount(list + "\n")).isEqualTo(count);
    }

    @Test
    void readsTheCpuListOfARealMachine() {
        assertThat(SystemParsers.cpuCount(Fixtures.text(getClass(), "/sys/cpu-online-vm"))).isEqualTo(2);
    }
}
