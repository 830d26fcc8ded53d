package io.goadmin.daemon.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

class ConsoleFormatTest {

    @Test
    void printsTimeLevelShortSourceAndMessageOnOneLine() {
        String line = ConsoleFormat.line(0, "INFO", "io.goadmin.scheduler", "heartbeat uptime=1s");

        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  scheduler: heartbeat uptime=1s");
    }

    @Test
    void keepsForeignSourcesWhole() {
        assertThat(ConsoleFormat.shortSource("org.apache.felix.scr")).isEqualTo("org.apache.felix.scr");
        assertThat(ConsoleFormat.shortSource(null)).isEqualTo("-");
    }

    @Test
    void escapesLineBreaksSoOneEventIsOneLine() {
        assertThat(ConsoleFormat.oneLine("first\nsecond\r\nthird\u001b[31m")).isEqualTo("first\\nsecond\\r\\nthird[31m");
    }

    @Test
    void reportsTheInnermostCauseWithoutAStackTrace() {
        Exception wrapped = new IllegalStateException("activate failed",
                new UncheckedIOException(new IOException("database path /tmp/x is in a world-writable folder")));

        assertThat(ConsoleFormat.rootCause(wrapped)).isEqualTo("database path /tmp/x is in a world-writable folder");
        assertThat(ConsoleFormat.rootCause(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(ConsoleFormat.rootCause(new IllegalStateException(
                "io.goadmin.storage.impl.StorageRefusedException: storage path /tmp/x.db is under /tmp")))
                .isEqualTo("storage path /tmp/x.db is under /tmp");
    }

    @Test
    void readsTimeoutsFromFrameworkPropertiesWithAFallback() {
        assertThat(ShutdownCoordinator.parseTimeout("2500", 8000)).isEqualTo(2500);
        assertThat(ShutdownCoordinator.parseTimeout(null, 8000)).isEqualTo(8000);
        assertThat(ShutdownCoordinator.parseTimeout("soon", 8000)).isEqualTo(8000);
        assertThat(ShutdownCoordinator.parseTimeout("-1", 8000)).isEqualTo(8000);
    }
}
