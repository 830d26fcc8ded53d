package io.goadmin.scheduler.impl;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.log.Logger;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.AuditQuery;
import io.goadmin.core.BackupResult;
import io.goadmin.core.Collector;
import io.goadmin.core.JobState;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.PollContext;
import io.goadmin.core.ProgressListener;
import io.goadmin.core.PurgeRequest;
import io.goadmin.core.PurgeResult;
import io.goadmin.core.Query;
import io.goadmin.core.Storage;
import io.goadmin.core.StorageStatus;

/**
 * Measures the scheduler's own cost: CPU time per poll with collectors that do nothing but emit one record into a
 * storage that only counts, and the most such collectors that can be polled every second with 4 workers. Not a test
 * (Surefire does not pick it up); {@code docs/performance-scheduler.md} says how to run it and what it measured.
 */
public final class SchedulerBenchmark {
    private static final int WARMUP_SECONDS = 3;
    private static final int MEASURE_SECONDS = 5;

    /** A logger that drops everything, so logging costs nothing here. */
    private static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> method.getReturnType() == boolean.class ? false
                    : method.getReturnType() == String.class ? "silent" : null);

    private SchedulerBenchmark() {
    }

    /** A storage that counts what it is given and keeps nothing. */
    private static final class CountingStorage implements Storage {
        final LongAdder records = new LongAdder();

        @Override
        public void saveMetric(MetricRecord record) {
            records.increment();
        }

        @Override
        public void saveMetrics(List<MetricRecord> batch) {
            records.add(batch.size());
        }

        @Override
        public void saveAuditEvent(AuditEvent event) {
        }

        @Override
        public List<MetricRecord> queryMetrics(Query query) {
            return List.of();
        }

        @Override
        public List<AuditEvent> queryAuditEvents(AuditQuery query) {
            return List.of();
        }

        @Override
        public PurgeResult runRetention() {
            return new PurgeResult("retention", false, 0, 0, 0, 0, 0);
        }

        @Override
        public PurgeResult purge(PurgeRequest request, ProgressListener progress) {
            return runRetention();
        }

        @Override
        public void saveJobState(JobState state) {
        }

        @Override
        public List<JobState> jobStates() {
            return List.of();
        }

        @Override
        public StorageStatus status() {
            return null;
        }

        @Override
        public BackupResult backup(Path target, ProgressListener progress) {
            return null;
        }
    }

    /**
     * A collector whose only work is one record, after spinning (CPU-bound work) or sleeping (waiting on IO) for
     * {@code workNanos}.
     */
    private static final class Idle implements Collector {
        private final String name;
        private final long workNanos;
        private final boolean sleep;

        Idle(String name, long workNanos, boolean sleep) {
            this.name = name;
            this.workNanos = workNanos;
            this.sleep = sleep;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void collect(PollContext context) throws InterruptedException {
            if (sleep) {
                Thread.sleep(workNanos / 1_000_000);
            }
            long end = System.nanoTime() + workNanos;
            while (!sleep && workNanos > 0 && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            context.emit("value", 1);
        }
    }

    private record Result(int collectors, double pollsPerSecond, long skipped, double cpuMicrosPerPoll) {
    }

    private static Result run(int collectors, long workNanos, boolean sleep) throws InterruptedException {
        CountingStorage storage = new CountingStorage();
        Settings settings = Fixtures.settings("interval", "1s", "jitter", "1s", "workers", "4", "timeout", "900ms",
                "heartbeat", "1h");
        Scheduler scheduler = new Scheduler(storage, SILENT, settings, Clock.systemUTC(),
                max -> ThreadLocalRandom.current().nextLong(max + 1), new ExecutorTimer());
        scheduler.start();
        for (int i = 0; i < collectors; i++) {
            scheduler.addCollector(new Idle("c" + i, workNanos, sleep), java.util.Map.of(), "bench", 1);
        }
        Thread.sleep(WARMUP_SECONDS * 1000L);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
        long polls0 = scheduler.polls();
        long skipped0 = scheduler.skipped();
        long cpu0 = sun.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(MEASURE_SECONDS * 1000L);
        long polls = scheduler.polls() - polls0;
        long skipped = scheduler.skipped() - skipped0;
        long cpu = sun.getProcessCpuTime() - cpu0;
        double seconds = (System.nanoTime() - t0) / 1e9;
        scheduler.stop("benchmark");
        double workMicros = workNanos / 1000.0;
        return new Result(collectors, polls / seconds, skipped, polls == 0 ? 0 : cpu / 1000.0 / polls - workMicros);
    }

    /** Runs the measurements and prints one line per run. */
    public static void main(String[] args) throws InterruptedException {
        System.out.printf(Locale.ROOT, "java %s, %d CPUs, %s %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"));
        List<Result> results = new ArrayList<>();
        int[] sizes = args.length > 0 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {1000, 10_000, 40_000, 60_000, 80_000, 120_000};
        for (int size : sizes) {
            Result result = run(size, 0, false);
            results.add(result);
            System.out.printf(Locale.ROOT, "collectors=%d interval=1s workers=4: %.0f polls/s, skipped=%d,"
                    + " process CPU %.1f us/poll, load average %.1f%n", result.collectors(), result.pollsPerSecond(),
                    result.skipped(), result.cpuMicrosPerPoll(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        for (boolean sleep : new boolean[] {true, false}) {
            Result busy = run(4000, 1_000_000, sleep);
            System.out.printf(Locale.ROOT, "collectors=%d each %s 1ms, workers=4: %.0f polls/s, skipped=%d%n",
                    busy.collectors(), sleep ? "sleeping" : "spinning (CPU)", busy.pollsPerSecond(), busy.skipped());
        }
    }
}
