package io.goadmin.scheduler.impl;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

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
 * (Surefire does not pick it up); run it with
 * {@code mvn -q -f scheduler.bundle/pom.xml test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.goadmin.scheduler.impl.SchedulerBenchmark} or from an IDE.
 */
public final class SchedulerBenchmark {
    private static final int WARMUP_SECONDS = 3;
    private static final int MEASURE_SECONDS = 5;

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

    /** A collector whose only work is one record, optionally after spinning for {@code workNanos}. */
    private static final class Idle implements Collector {
        private final String name;
        private final long workNanos;

        Idle(String name, long workNanos) {
            this.name = name;
            this.workNanos = workNanos;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void collect(PollContext context) {
            long end = System.nanoTime() + workNanos;
            while (workNanos > 0 && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            context.emit("value", 1);
        }
    }

    private record Result(int collectors, double pollsPerSecond, long skipped, double cpuMicrosPerPoll) {
    }

    private static Result run(int collectors, long workNanos) throws InterruptedException {
        CountingStorage storage = new CountingStorage();
        RecordingLogger log = new RecordingLogger();
        Settings settings = Fixtures.settings("interval", "1s", "jitter", "1s", "workers", "4", "timeout", "900ms",
                "heartbeat", "1h");
        Scheduler scheduler = new Scheduler(storage, log.logger, settings, Clock.systemUTC(),
                max -> ThreadLocalRandom.current().nextLong(max + 1), new ExecutorTimer());
        scheduler.start();
        for (int i = 0; i < collectors; i++) {
            scheduler.addCollector(new Idle("c" + i, workNanos), java.util.Map.of(), "bench", 1);
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
                : new int[] {100, 1000, 5000, 10_000, 20_000, 40_000};
        for (int size : sizes) {
            Result result = run(size, 0);
            results.add(result);
            System.out.printf(Locale.ROOT,
                    "collectors=%d interval=1s workers=4: %.0f polls/s, skipped=%d, scheduler CPU %.1f us/poll%n",
                    result.collectors(), result.pollsPerSecond(), result.skipped(), result.cpuMicrosPerPoll());
        }
        Result busy = run(2000, 1_000_000);
        System.out.printf(Locale.ROOT, "collectors=%d each spinning 1ms, workers=4: %.0f polls/s, skipped=%d%n",
                busy.collectors(), busy.pollsPerSecond(), busy.skipped());
    }
}
