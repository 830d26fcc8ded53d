package io.goadmin.scheduler.impl;

import static io.goadmin.scheduler.impl.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    @Test
    void defaults() {
        Settings settings = settings();
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.jitter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.workers()).isEqualTo(2);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.heartbeat()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.retentionInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.collectors()).isEmpty();
    }

    @Test
    void perCollectorOverrides() {
        Settings settings = settings("collector.cpu.interval", "30s", "collector.cpu.enabled", "false",
                "collector.disk.io.enabled", "TRUE");
        assertThat(settings.overrideFor("cpu")).isEqualTo(new Settings.Override(Duration.ofSeconds(30), false));
        assertThat(settings.overrideFor("disk.io")).isEqualTo(new Settings.Override(null, true));
        assertThat(settings.overrideFor("mem")).isEqualTo(new Settings.Override(null, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "interval|soon|goadmin.scheduler: interval = 'soon' is invalid; use a duration such as 500ms, 10s, 5m or 1h",
        "interval|10ms|goadmin.scheduler: interval = '10ms' is invalid; use a duration of at least 100ms",
        "workers|0|goadmin.scheduler: workers = '0' is invalid; use a whole number from 1 to 64",
        "heartbeat|0s|goadmin.scheduler: heartbeat = '0s' is invalid; use a duration of at least 1s",
        "shutdown.timeout|5m|goadmin.scheduler: shutdown.timeout = '5m' is invalid; use a duration of at most 1m,"
                + " for example 3s",
        "collector.cpu.enabled|maybe|goadmin.scheduler: collector.cpu.enabled = 'maybe' is invalid; use true or"
                + " false",
        "collector.cpu.timeout|1s|goadmin.scheduler: collector.cpu.timeout = '1s' is invalid; use"
                + " collector.<name>.interval or collector.<name>.enabled, for example collector.cpu.interval = 30s"
    })
    void aBadValueIsRefusedNamingThePidThePropertyTheValueAndTheAcceptedForm(String key, String value,
            String message) {
        assertThatThrownBy(() -> settings(key, value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void collectorServiceProperties() {
        assertThat(Settings.serviceInterval("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Settings.serviceInterval(null)).isNull();
        assertThat(Settings.serviceInterval("")).as("collectors publish an unset interval as empty").isNull();
        assertThat(Settings.serviceInterval("  ")).isNull();
        assertThat(Settings.serviceEnabled(Boolean.FALSE)).contains(false);
        assertThat(Settings.serviceEnabled("true")).contains(true);
        assertThat(Settings.serviceEnabled(null)).isEmpty();
        assertThat(Settings.serviceEnabled("")).isEmpty();
        assertThatThrownBy(() -> Settings.serviceInterval("1ms")).hasMessageContaining("too short");
        assertThatThrownBy(() -> Settings.serviceEnabled("yes")).hasMessageContaining("use true or false");
    }
}
