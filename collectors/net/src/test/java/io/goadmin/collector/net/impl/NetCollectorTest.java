package io.goadmin.collector.net.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.collector.support.testing.Configs;
import io.goadmin.collector.support.testing.Fixtures;
import io.goadmin.collector.support.testing.RecordingLogger;
import io.goadmin.collector.support.testing.RecordingPollContext;

class NetCollectorTest {
    @TempDir
    Path root;

    private final RecordingLogger log = new RecordingLogger();

    private NetCollector collector(Map<String, ?> config) {
        Fixtures.copy(getClass(), "/proc/net/dev-odd", root.resolve("proc/net/dev"));
        Fixtures.copy(getClass(), "/sys/class/net/lo/flags", root.resolve("sys/class/net/lo/flags"));
        Fixtures.copy(getClass(), "/sys/class/net/eth0/flags", root.resolve("sys/class/net/eth0/flags"));
        return new NetCollector(Configs.of(NetCollector.Config.class, config), log.logger(), root.resolve("proc"),
                root.resolve("sys"));
    }

    @Test
    void reportsEightCountersPerInterfaceWithoutLoopbackByDefault() throws Exception {
        RecordingPollContext context = new RecordingPollContext("net");

        collector(Map.of()).collect(context);

        assertThat(context.rejections()).isEmpty();
        assertThat(context.records()).hasSize(3 * 8);
        assertThat(context.records()).extracting(r -> r.tags().get("interface"))
                .containsOnly("eth0", "veth1a2b3c4", "wlp0s20f3.long");
        assertThat(context.value("transmit_errors_total", Map.of("interface", "eth0"))).hasValue(3.0);
    }

    @Test
    void loopbackAndFiltersAreConfigurable() throws Exception {
        RecordingPollContext context = new RecordingPollContext("net");

        collector(Map.of("loopback", true, "interfaces_exclude", new String[] {"veth*"})).collect(context);

        assertThat(context.records()).extracting(r -> r.tags().get("interface"))
                .containsOnly("lo", "eth0", "wlp0s20f3.long");
    }

    @Test
    void liveMachineReportsEveryInterfaceOfProcNetDev() throws Exception {
        Path dev = Path.of("/proc/net/dev");
        assumeThat(Files.isReadable(dev)).as("Linux only").isTrue();
        Set<String> interfaces = Files.readAllLines(dev).stream().skip(2).filter(line -> line.contains(":"))
                .map(line -> line.substring(0, line.indexOf(':')).trim()).collect(Collectors.toSet());
        assumeThat(interfaces).as("interfaces in this network namespace").isNotEmpty();
        RecordingPollContext all = new RecordingPollContext("net");
        RecordingPollContext byDefault = new RecordingPollContext("net");

        new NetCollector(Configs.of(NetCollector.Config.class, Map.of("loopback", true)), log.logger(),
                Path.of("/proc"), Path.of("/sys")).collect(all);
        new NetCollector(Configs.defaults(NetCollector.Config.class), log.logger(), Path.of("/proc"),
                Path.of("/sys")).collect(byDefault);

        assertThat(all.rejections()).isEmpty();
        assertThat(all.records()).hasSize(8 * interfaces.size());
        assertThat(all.records()).extracting(r -> r.tags().get("interface")).containsOnlyElementsOf(interfaces)
                .containsAll(interfaces);
        assertThat(byDefault.records()).extracting(r -> r.tags().get("interface")).doesNotContain("lo");
    }
}
