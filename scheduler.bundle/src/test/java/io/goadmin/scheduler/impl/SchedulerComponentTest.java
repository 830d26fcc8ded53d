package io.goadmin.scheduler.impl;

import static io.goadmin.scheduler.impl.Fixtures.awaitAtLeast;
import static io.goadmin.scheduler.impl.Fixtures.config;
import static io.goadmin.scheduler.impl.Fixtures.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.goadmin.scheduler.impl.Fixtures.Counting;

/** The DS component built by hand, as SCR would: configuration in, collectors bound, modified, deactivated. */
class SchedulerComponentTest {
    private final MemoryStorage storage = new MemoryStorage();
    private final RecordingLogger log = new RecordingLogger();

    @Test
    void activatesPollsAppliesChangesAndDeactivates() {
        Map<String, Object> properties = props("interval", "100ms", "jitter", "0s");
        SchedulerComponent component = new SchedulerComponent(null, storage, log.logger, config(properties),
                properties);
        Counting cpu = new Counting("cpu", 1);
        component.addCollector(cpu, props("service.bundleid", 12L, "service.id", 40L));
        awaitAtLeast("polls", cpu::calls, 2);
        assertThat(component.snapshot().collectors()).singleElement()
                .satisfies(status -> assertThat(status.bundleId()).isEqualTo(12));

        Map<String, Object> bad = props("interval", "fast");
        component.modified(config(bad), bad);
        assertThat(log.matching("ERROR goadmin.scheduler: interval = 'fast' is invalid; use a duration such as"
                + " 500ms, 10s, 5m or 1h; keeping the running configuration")).hasSize(1);
        assertThat(component.snapshot().intervalMillis()).isEqualTo(100);

        Map<String, Object> slower = props("interval", "1m");
        component.modified(config(slower), slower);
        assertThat(component.snapshot().intervalMillis()).isEqualTo(60_000);

        component.updatedCollector(cpu, props(io.goadmin.core.Collector.ENABLED_PROPERTY, false));
        assertThat(component.snapshot().collectors().get(0).enabled()).isFalse();
        component.removeCollector(cpu, props());
        assertThat(component.snapshot().collectors()).isEmpty();

        component.deactivate(1);
        assertThat(log.matching("scheduler stopping: reason=component disabled, active workers=0")).hasSize(1);
        assertThat(log.lines()).last().asString().startsWith("INFO scheduler stopped:");
    }

    @Test
    void aBadConfigurationRefusesToStart() {
        Map<String, Object> properties = props("workers", "0");
        assertThatThrownBy(() -> new SchedulerComponent(null, storage, log.logger, config(properties), properties))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(log.lines()).containsExactly("ERROR goadmin.scheduler: workers = '0' is invalid; use a whole"
                + " number from 1 to 64; the scheduler does not start until it is fixed");
    }
}
