package io.goadmin.collector.benchmark;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.log.Logger;

import io.goadmin.collector.cpu.impl.CpuCollector;
import io.goadmin.collector.disk.impl.DiskCollector;
import io.goadmin.collector.diskio.impl.DiskioCollector;
import io.goadmin.collector.jvm.impl.JvmCollector;
import io.goadmin.collector.mem.impl.MemCollector;
import io.goadmin.collector.mem.impl.SwapCollector;
import io.goadmin.collector.net.impl.NetCollector;
import io.goadmin.collector.processes.impl.ProcessesCollector;
import io.goadmin.collector.support.testing.Configs;
import io.goadmin.collector.support.testing.RecordingLogger;
import io.goadmin.collector.system.impl.SystemCollector;
import io.goadmin.core.Collector;
import io.goadmin.core.PollContext;

/**
 * CPU time and allocation per full poll of the default collector set, measured on the polling thread with
 * {@code ThreadMXBean} (plus the disk collector's helper thread). Not a test: run it by hand, as
 * {@code docs/performance-collectors.md} shows, with an optional number of measured polls (default 2000).
 */
public final class CollectorsBenchmark {
    private static final int WARMUP = 500;

    private CollectorsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int polls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Logger log = new RecordingLogger().logger();
        List<Collector> collectors = List.of(
                new CpuCollector(Configs.defaults(CpuCollector.Config.class), log),
                new MemCollector(Configs.defaults(MemCollector.Config.class), log),
                new SwapCollector(Configs.defaults(SwapCollector.Config.class), log),
                new SystemCollector(Configs.defaults(SystemCollector.Config.class), log),
                new DiskCollector(Configs.defaults(DiskCollector.Config.class), log),
                new DiskioCollector(Configs.defaults(DiskioCollector.Config.class), log),
                new NetCollector(Configs.defaults(NetCollector.Config.class), log),
                new ProcessesCollector(Configs.defaults(ProcessesCollector.Config.class), log),
                new JvmCollector(Configs.defaults(JvmCollector.Config.class), log));
        CountingContext context = new CountingContext();

        for (int i = 0; i < WARMUP; i++) {
            for (Collector collector : collectors) {
                collector.collect(context);
            }
        }

        long[] helpers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("goadmin-disk-stat-"))
                .mapToLong(Thread::getId).toArray();
        long[] cpu = new long[collectors.size()];
        long[] allocated = new long[collectors.size()];
        long[] wall = new long[collectors.size()];
        long self = Thread.currentThread().getId();
        context.emits = 0;
        for (int i = 0; i < polls; i++) {
            for (int c = 0; c < collectors.size(); c++) {
                long cpuBefore = threads.getCurrentThreadCpuTime() + helperCpu(threads, helpers);
                long allocBefore = threads.getThreadAllocatedBytes(self) + helperAllocated(threads, helpers);
                long wallBefore = System.nanoTime();
                collectors.get(c).collect(context);
                wall[c] += System.nanoTime() - wallBefore;
                cpu[c] += threads.getCurrentThreadCpuTime() + helperCpu(threads, helpers) - cpuBefore;
                allocated[c] += threads.getThreadAllocatedBytes(self) + helperAllocated(threads, helpers) - allocBefore;
            }
        }

        System.out.printf(Locale.ROOT, "%d polls of %d collectors, %d records per poll%n", polls, collectors.size(),
                context.emits / polls);
        System.out.printf(Locale.ROOT, "%-10s %12s %14s %13s%n", "collector", "CPU us/poll", "alloc KB/poll",
                "wall us/poll");
        long cpuTotal = 0;
        long wallTotal = 0;
        long allocTotal = 0;
        for (int c = 0; c < collectors.size(); c++) {
            System.out.printf(Locale.ROOT, "%-10s %12.1f %14.1f %13.1f%n", collectors.get(c).name(),
                    cpu[c] / 1e3 / polls, allocated[c] / 1024.0 / polls, wall[c] / 1e3 / polls);
            cpuTotal += cpu[c];
            wallTotal += wall[c];
            allocTotal += allocated[c];
        }
        System.out.printf(Locale.ROOT, "%-10s %12.1f %14.1f %13.1f%n", "all", cpuTotal / 1e3 / polls,
                allocTotal / 1024.0 / polls, wallTotal / 1e3 / polls);
        System.out.printf(Locale.ROOT, "disk helper threads measured: %d%n", helpers.length);
    }

    /** CPU time of the disk collector's helper threads so far (the stat calls run there). */
    private static long helperCpu(com.sun.management.ThreadMXBean threads, long[] helpers) {
        long sum = 0;
        for (long id : helpers) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }

    /** Bytes the disk collector's helper threads allocated so far. */
    private static long helperAllocated(com.sun.management.ThreadMXBean threads, long[] helpers) {
        long sum = 0;
        for (long id : helpers) {
            sum += Math.max(0, threads.getThreadAllocatedBytes(id));
        }
        return sum;
    }

    /** Counts emits without building records: the collectors' own cost, not the scheduler's. */
    private static final class CountingContext implements PollContext {
        long emits;

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public Instant deadline() {
            return Instant.MAX;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean emit(String key, double value) {
            emits++;
            return true;
        }

        @Override
        public boolean emit(String key, double value, Map<String, String> tags) {
            emits++;
            return true;
        }
    }
}
