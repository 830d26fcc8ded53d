package io.goadmin.daemon.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

class ConsoleLogTest {

    @Test
    void scrBookkeepingAtInfoCountsAsDebug() {
        assertThat(ConsoleLog.level(entry(LogLevel.INFO,
                "bundle org.apache.felix.scr:2.2.18 (17) Starting with globalExtender setting: false")))
                .isEqualTo(LogLevel.DEBUG);
        assertThat(ConsoleLog.level(entry(LogLevel.INFO, "bundle io.goadmin.daemon:0.2.0.SNAPSHOT (8)"
                + "[io.goadmin.daemon.impl.SystemAudit(3)] : Could not obtain all required dependencies, getService "
                + "returning null"))).isEqualTo(LogLevel.DEBUG);
    }

    @Test
    void scrProblemsAndOurOwnLinesKeepTheirLevel() {
        assertThat(ConsoleLog.level(entry(LogLevel.ERROR, "bundle io.goadmin.example:1.0.0 (30)"
                + "[io.goadmin.example.Broken(12)] : Error during instantiation of the implementation object")))
                .isEqualTo(LogLevel.ERROR);
        assertThat(ConsoleLog.level(entry(LogLevel.INFO, "bundle.installed io.goadmin.collector.example 0.2.0")))
                .isEqualTo(LogLevel.INFO);
        assertThat(ConsoleLog.level(entry(LogLevel.INFO, "goadmin ready in 412 ms"))).isEqualTo(LogLevel.INFO);
    }

    private static LogEntry entry(LogLevel level, String message) {
        return new LogEntry() {
            @Override
            public Bundle getBundle() {
                return null;
            }

            @Override
            public ServiceReference<?> getServiceReference() {
                return null;
            }

            @Override
            @SuppressWarnings("deprecation")
            public int getLevel() {
                return level.ordinal();
            }

            @Override
            public String getMessage() {
                return message;
            }

            @Override
            public Throwable getException() {
                return null;
            }

            @Override
            public long getTime() {
                return 0;
            }

            @Override
            public LogLevel getLogLevel() {
                return level;
            }

            @Override
            public String getLoggerName() {
                return "test";
            }

            @Override
            public long getSequence() {
                return 0;
            }

            @Override
            public String getThreadInfo() {
                return "test";
            }

            @Override
            public StackTraceElement getLocation() {
                return null;
            }
        };
    }
}
