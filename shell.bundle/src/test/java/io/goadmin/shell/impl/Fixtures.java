package io.goadmin.shell.impl;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.log.Logger;

import io.goadmin.core.AuditEvent;
import io.goadmin.scheduler.CollectorStatus;
import io.goadmin.scheduler.SchedulerSnapshot;
import io.goadmin.scheduler.SchedulerStatus;

/** Hand-built collaborators for the command tests. */
final class Fixtures {
    /** The tests' "now": 2025-12-03T19:00:00Z. */
    static final long NOW = 1_764_788_400_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    static final Caller ALICE_CLI = new Caller("alice", AuditEvent.SOURCE_CLI);
    static final Caller CONSOLE = new Caller("goadmin", AuditEvent.SOURCE_SHELL);

    static final SchedulerSnapshot SNAPSHOT = new SchedulerSnapshot(NOW - 7_200_000, true, 10_000, 1_000, 5_000, 4, 1, 0,
            5000, 2, List.of(
                    new CollectorStatus("cpu", "io.goadmin.collector.cpu", 12, true, 10_000, NOW - 3_000, 12L, "ok",
                            null, 720, 2880, 0, 0, 0, 0, NOW + 7_000, false),
                    new CollectorStatus("disk", "io.goadmin.collector.disk", 13, true, 60_000, NOW - 65_000, 5_000L,
                            "timeout", "deadline passed", 120, 100, 1, 2, 3, 0, NOW + 1_000, true),
                    new CollectorStatus("mem", "io.goadmin.collector.mem", 14, false, 30_000, null, null, null, null,
                            0, 0, 0, 0, 0, 0, null, false)));

    private Fixtures() {
    }

    static SchedulerStatus scheduler() {
        return () -> SNAPSHOT;
    }

    /** Commands over a fake storage and scheduler, started two hours before {@link #NOW}. */
    static GoadminCommands commands(FakeStorage storage, TestLog log) {
        GoadminCommands commands = new GoadminCommands(CLOCK, "0.2.0.test", NOW - 7_200_000, log.logger());
        if (storage != null) {
            commands.bindStorage(storage);
        }
        commands.bindScheduler(scheduler());
        return commands;
    }

    /** Captures what a command prints. */
    static final class Lines implements Output {
        final List<String> out = new CopyOnWriteArrayList<>();
        final List<String> err = new CopyOnWriteArrayList<>();

        @Override
        public void out(String line) {
            out.add(line);
        }

        @Override
        public void err(String line) {
            err.add(line);
        }

        String stdout() {
            return String.join("\n", out);
        }

        String stderr() {
            return String.join("\n", err);
        }
    }

    /** A Logger that remembers every call with its arguments. */
    static final class TestLog {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Logger logger() {
            return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                    (proxy, method, args) -> {
                        if (method.getReturnType() == boolean.class) {
                            return true;
                        }
                        if (method.getName().equals("getName")) {
                            return "test";
                        }
                        if (method.getDeclaringClass() == Object.class) {
                            return switch (method.getName()) {
                                case "equals" -> proxy == args[0];
                                case "hashCode" -> 0;
                                default -> "TestLog";
                            };
                        }
                        lines.add(method.getName() + " " + Arrays.deepToString(args));
                        return null;
                    });
        }

        String all() {
            return String.join("\n", lines);
        }
    }
}
