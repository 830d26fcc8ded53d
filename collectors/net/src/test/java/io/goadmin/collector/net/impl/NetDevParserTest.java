package io.goadmin.collector.net.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.goadmin.collector.support.testing.Fixtures;

class NetDevParserTest {

    @Test
    void readsEveryInterfaceOfARealMachine() {
        List<InterfaceStats> interfaces = NetDevParser.parse(Fixtures.text(getClass(), "/proc/net/dev-vm"));

        assertThat(interfaces).extracting(InterfaceStats::name).contains("lo", "eth0");
        InterfaceStats lo = interfaces.stream().filter(i -> i.name().equals("lo")).findFirst().orElseThrow();
        assertThat(lo.receiveBytes()).isEqualTo(lo.transmitBytes()); // what goes out of lo comes back in
    }

    @Test
    void oddLinesNoSpaceAfterTheColonWrappedCountersAndBrokenLines() {
        List<InterfaceStats> interfaces = NetDevParser.parse(Fixtures.text(getClass(), "/proc/net/dev-odd"));

        assertThat(interfaces).extracting(InterfaceStats::name)
                .containsExactly("lo", "eth0", "veth1a2b3c4", "wlp0s20f3.long");
        assertThat(interfaces.get(1)).isEqualTo(new InterfaceStats("eth0", 18_446_744_073_709_551_615.0, 2352, 1, 2,
                4_294_967_296.0, 2152, 3, 4));
    }
}
