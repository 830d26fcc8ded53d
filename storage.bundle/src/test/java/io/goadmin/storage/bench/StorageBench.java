package io.goadmin.storage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.PurgeResult;
import io.goadmin.core.Query;
import io.goadmin.storage.impl.SqliteStorage;
import io.goadmin.storage.impl.StorageLog;
import io.goadmin.storage.impl.StorageSettings;

/**
 * The storage benchmark (not a test): save latency at fixed rates, the highest sustained rate next to a naive
 * baseline, bytes per metric on disk, and write latency during a large retention purge. See
 * docs/performance-storage.md for how to run it and the recorded figures.
 */
public final class StorageBench {
    private static final int THREADS = 8;
    private static final Duration RATE_RUN = Duration.ofSeconds(10);
    private static final Duration MAX_RUN = Duration.ofSeconds(10);
    private static final int ONE_MILLION = 1_000_000;
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final Path root;

    private StorageBench(Path root) {
        this.root = root;
    }

    /**
     * Runs the measurements in a folder under {@code args[0]} (default target/bench); {@code args[1]} picks phases
     * (default {@code rate,max,size,purge}).
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
        deleteTree(root);
        Files.createDirectories(root);
        StorageBench bench = new StorageBench(root);
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s, %s%n", Runtime.getRuntime()
                .availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"), cpuModel());
        String phases = args.length > 1 ? args[1] : "rate,max,size,purge";
        if (phases.contains("rate")) {
            bench.latencyAtRate(1_000);
            bench.latencyAtRate(10_000);
        }
        if (phases.contains("max")) {
            bench.maximumRate();
        }
        if (phases.contains("size")) {
            bench.bytesPerMetric();
        }
        if (phases.contains("purge")) {
            bench.latencyDuringPurge();
        }
        deleteTree(root);
    }

    /** Open loop: each thread sends at its share of {@code rate}; latency counts from the intended send time. */
    private void latencyAtRate(int rate) throws Exception {
        try (SqliteStorage storage = open("rate-" + rate)) {
            // Warm-up (class loading, JIT) is a one-time cost at daemon start, not what this measures.
            runAtRate(storage, rate, Duration.ofSeconds(3), new AtomicBoolean(true));
            Histogram latency = runAtRate(storage, rate, RATE_RUN, new AtomicBoolean(true));
            print("saveMetric at " + rate + " records/s, " + THREADS + " threads, " + RATE_RUN.toSeconds() + "s",
                    latency);
        }
    }

    private void maximumRate() throws Exception {
        try (SqliteStorage storage = open("max-single")) {
            long records = closedLoop(MAX_RUN, () -> storage.saveMetric(record(System.currentTimeMillis(), 0)));
            System.out.printf(Locale.ROOT, "max sustained saveMetric, %d threads: %,d records/s (mean %.1f per "
                    + "commit)%n", THREADS, records / MAX_RUN.toSeconds(), storage.meanGroupSize());
        }
        try (SqliteStorage storage = open("max-batch")) {
            long batches = closedLoop(MAX_RUN, () -> {
                long now = System.currentTimeMillis();
                List<MetricRecord> batch = new ArrayList<>(100);
                for (int i = 0; i < 100; i++) {
                    batch.add(record(now, i));
                }
                storage.saveMetrics(batch);
            });
            System.out.printf(Locale.ROOT, "max sustained saveMetrics(100), %d threads: %,d records/s%n", THREADS,
                    batches * 100 / MAX_RUN.toSeconds());
        }
        Path naive = root.resolve("naive/naive.db");
        Files.createDirectories(naive.getParent());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + naive);
                Statement setup = connection.createStatement()) {
            setup.execute("PRAGMA journal_mode = WAL");
            setup.execute("PRAGMA synchronous = NORMAL");
            setup.execute("CREATE TABLE metrics (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, module TEXT NOT NULL, "
                    + "key TEXT NOT NULL, value REAL NOT NULL, tags_json TEXT NOT NULL)");
            setup.execute("CREATE INDEX metrics_ts ON metrics (ts)");
            setup.execute("CREATE INDEX metrics_module_ts ON metrics (module, ts)");
            long end = System.nanoTime() + MAX_RUN.toNanos();
            long records = 0;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO metrics (ts, module, key, value, tags_json) VALUES (?, ?, ?, ?, ?)")) {
                while (System.nanoTime() < end) {
                    insert.setLong(1, System.currentTimeMillis());
                    insert.setString(2, "cpu");
                    insert.setString(3, "usage");
                    insert.setDouble(4, records);
                    insert.setString(5, "{\"cpu\":\"0\"}");
                    insert.executeUpdate();
                    records++;
                }
            }
            System.out.printf(Locale.ROOT, "naive baseline, one autocommit INSERT per record, 1 thread: %,d "
                    + "records/s%n", records / MAX_RUN.toSeconds());
        }
    }

    private void bytesPerMetric() throws Exception {
        Path db;
        try (SqliteStorage storage = open("size")) {
            long from = System.currentTimeMillis() - 30 * DAY;
            fill(storage, from, ONE_MILLION);
            db = Path.of(storage.status().file());
            timeQueries(storage, from + 7 * DAY);
        }
        System.out.printf(Locale.ROOT, "bytes per stored metric after %,d records: %.1f (file %,d bytes; records "
                + "like cpu/usage{cpu=N}, 10s apart)%n", ONE_MILLION, (double) Files.size(db) / ONE_MILLION,
                Files.size(db));
    }

    /** A one-hour window out of the filled database: raw rows of one series, and per-minute averages. */
    private static void timeQueries(SqliteStorage storage, long hourStart) {
        Query raw = Query.builder().module("cpu").key("usage").tags(Map.of("cpu", "3")).from(hourStart)
                .to(hourStart + 3_600_000).build();
        Query perMinute = Query.builder().module("cpu").from(hourStart).to(hourStart + 3_600_000)
                .step(Duration.ofMinutes(1), Query.Aggregation.AVG).build();
        for (int warm = 0; warm < 20; warm++) {
            storage.queryMetrics(raw);
            storage.queryMetrics(perMinute);
        }
        Histogram rawMicros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        Histogram stepMicros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        int rows = 0;
        int buckets = 0;
        for (int i = 0; i < 100; i++) {
            long start = System.nanoTime();
            rows = storage.queryMetrics(raw).size();
            rawMicros.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
            start = System.nanoTime();
            buckets = storage.queryMetrics(perMinute).size();
            stepMicros.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
        }
        print("one-hour query, one series (" + rows + " rows) of " + ONE_MILLION + " records", rawMicros);
        print("one-hour query, 1m avg per series (" + buckets + " rows) of " + ONE_MILLION + " records", stepMicros);
    }

    private void latencyDuringPurge() throws Exception {
        try (SqliteStorage storage = open("purge")) {
            long now = System.currentTimeMillis();
            fill(storage, now - 60 * DAY, ONE_MILLION);
            AtomicBoolean purging = new AtomicBoolean(true);
            CountDownLatch purgeDone = new CountDownLatch(1);
            PurgeResult[] result = new PurgeResult[1];
            Thread purge = new Thread(() -> {
                result[0] = storage.runRetention();
                purging.set(false);
                purgeDone.countDown();
            });
            storage.resetLatency();
            purge.start();
            Histogram latency = runAtRate(storage, 1_000, Duration.ofMinutes(5), purging);
            purgeDone.await();
            System.out.printf(Locale.ROOT, "retention purge of %,d rows took %,d ms, file shrank by %,d bytes%n",
                    result[0].metricsRemoved(), result[0].durationMillis(), result[0].bytesFreed());
            print("saveMetric at 1000 records/s during that purge", latency);
        }
    }

    private Histogram runAtRate(SqliteStorage storage, int rate, Duration limit, AtomicBoolean keepGoing)
            throws InterruptedException {
        Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * THREADS / rate;
        long start = System.nanoTime();
        long end = start + limit.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread sender = new Thread(() -> {
                Histogram mine = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
                long next = start + intervalNanos * thread / THREADS;
                while (next < end && keepGoing.get()) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        continue;
                    }
                    storage.saveMetric(record(System.currentTimeMillis(), thread));
                    mine.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - next),
                            mine.getHighestTrackableValue()));
                    next += intervalNanos;
                }
                synchronized (all) {
                    all.add(mine);
                }
            });
            threads.add(sender);
            sender.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return all;
    }

    private static long closedLoop(Duration run, Runnable save) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + run.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    save.run();
                    count.incrementAndGet();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return count.get();
    }

    private static void fill(SqliteStorage storage, long from, int count) {
        List<MetricRecord> batch = new ArrayList<>(1000);
        for (int i = 0; i < count; i++) {
            batch.add(new MetricRecord(from + (i / 8) * 10_000L, "cpu", "usage", i % 100,
                    Map.of("cpu", Integer.toString(i % 8))));
            if (batch.size() == 1000) {
                storage.saveMetrics(batch);
                batch = new ArrayList<>(1000);
            }
        }
        if (!batch.isEmpty()) {
            storage.saveMetrics(batch);
        }
    }

    private static MetricRecord record(long ts, int cpu) {
        return new MetricRecord(ts, "cpu", "usage", cpu, Map.of("cpu", Integer.toString(cpu % 8)));
    }

    private SqliteStorage open(String name) {
        StorageSettings settings = StorageSettings.defaults(root.resolve(name).resolve("goadmin.db"))
                .withMaxDatabaseBytes(64L << 30);
        return SqliteStorage.open(settings, QUIET, Clock.systemUTC());
    }

    private static void print(String what, Histogram micros) {
        System.out.printf(Locale.ROOT, "%s: n=%,d p50=%.2f ms p95=%.2f ms p99=%.2f ms max=%.2f ms%n", what,
                micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(95) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
                micros.getMaxValue() / 1000.0);
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown cpu");
        } catch (IOException e) {
            return "unknown cpu";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static final StorageLog QUIET = new StorageLog() {
        @Override
        public void debug(String message) {
        }

        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
            System.err.println("WARN " + message);
        }

        @Override
        public void error(String message, Throwable bug) {
            System.err.println("ERROR " + message + (bug == null ? "" : " " + bug));
        }
    };

}
