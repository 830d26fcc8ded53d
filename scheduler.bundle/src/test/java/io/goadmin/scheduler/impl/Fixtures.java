package io.goadmin.scheduler.impl;

import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.goadmin.core.Collector;
import io.goadmin.core.PollContext;

/** Shared pieces of the scheduler tests: configuration, waiting for a condition, and well- or ill-behaved collectors. */
final class Fixtures {
    /** The longest a test waits for a condition; generous because CI machines stall. Never a measured duration. */
    static final long WAIT_MILLIS = 30_000;

    private Fixtures() {
    }

    /** Properties as a .cfg file would give them: {@code "interval", "100ms", ...}. */
    static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** The typed configuration DS would build from {@code properties}. */
    static SchedulerComponent.Config config(Map<String, Object> properties) {
        return (SchedulerComponent.Config) Proxy.newProxyInstance(SchedulerComponent.Config.class.getClassLoader(),
                new Class<?>[] {SchedulerComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getDefaultValue() == null) {
                        return "annotationType".equals(method.getName()) ? SchedulerComponent.Config.class
                                : "hashCode".equals(method.getName()) ? 0 : "toString".equals(method.getName())
                                        ? "Config" + properties : Boolean.FALSE;
                    }
                    Object value = properties.getOrDefault(method.getName().replace('_', '.'),
                            method.getDefaultValue());
                    if (method.getReturnType() == int.class) {
                        return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString());
                    }
                    if (method.getReturnType() == boolean.class) {
                        return value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString());
                    }
                    return value.toString();
                });
    }

    static Settings settings(Object... keyValues) {
        Map<String, Object> properties = props(keyValues);
        return Settings.parse(config(properties), properties);
    }

    /** A scheduler on the real timer thread and the given test storage and logger, started. */
    static Scheduler started(MemoryStorage storage, RecordingLogger log, Settings settings) {
        Scheduler scheduler = new Scheduler(storage, log.logger, settings, Clock.systemUTC(), max -> max / 2,
                new ExecutorTimer());
        scheduler.start();
        return scheduler;
    }

    /** Waits, bounded, until {@code condition} holds; fails naming {@code what} otherwise. */
    static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("gave up waiting for " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    /** Waits until {@code value} reaches at least {@code target}. */
    static void awaitAtLeast(String what, Supplier<? extends Number> value, long target) {
        await(what + " >= " + target, () -> value.get().longValue() >= target);
    }

    /** A collector that counts its polls and emits {@code records} records each time. */
    static class Counting implements Collector {
        final String name;
        final int records;
        final AtomicInteger calls = new AtomicInteger();

        Counting(String name, int records) {
            this.name = name;
            this.records = records;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void collect(PollContext context) throws Exception {
            calls.incrementAndGet();
            for (int i = 0; i < records; i++) {
                context.emit("value", i, Map.of("n", Integer.toString(i)));
            }
        }

        int calls() {
            return calls.get();
        }
    }

    /** A collector that emits one record, then ignores interruption until the test releases it. */
    static final class Hung extends Counting {
        final CountDownLatch release = new CountDownLatch(1);

        Hung(String name) {
            super(name, 1);
        }

        @Override
        public void collect(PollContext context) throws Exception {
            super.collect(context);
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // a badly written collector: it swallows the interrupt and carries on waiting
                }
            }
        }
    }

    /** A collector that emits a record and then sleeps, interruptibly, for {@code sleepMillis}. */
    static final class Slow extends Counting {
        final long sleepMillis;

        Slow(String name, long sleepMillis) {
            super(name, 1);
            this.sleepMillis = sleepMillis;
        }

        @Override
        public void collect(PollContext context) throws Exception {
            super.collect(context);
            Thread.sleep(sleepMillis);
        }
    }

    /** A collector that always fails. */
    static final class Throwing extends Counting {
        Throwing(String name) {
            super(name, 0);
        }

        @Override
        public void collect(PollContext context) throws Exception {
            super.collect(context);
            throw new java.io.IOException("/proc/stat: permission denied");
        }
    }

    /** A collector that emits one valid record and two invalid ones per poll. */
    static final class Invalid extends Counting {
        final AtomicInteger refused = new AtomicInteger();

        Invalid(String name) {
            super(name, 0);
        }

        @Override
        public void collect(PollContext context) throws Exception {
            super.collect(context);
            context.emit("good", 1);
            if (!context.emit("Bad Key", 2)) {
                refused.incrementAndGet();
            }
            if (!context.emit("nan", Double.NaN)) {
                refused.incrementAndGet();
            }
        }
    }
}
