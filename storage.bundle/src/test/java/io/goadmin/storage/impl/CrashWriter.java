package io.goadmin.storage.impl;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import io.goadmin.core.MetricRecord;

/**
 * The child process of {@link KillDuringWritesTest}: four threads save metrics as fast as they can and print
 * {@code ack THREAD N} after each save returns, until the parent kills the process.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        SqliteStorage storage = SqliteStorage.open(StorageSettings.defaults(Path.of(args[0])), new TestLog(),
                Clock.systemUTC());
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (long i = 0; ; i++) {
                    storage.saveMetric(new MetricRecord(i, "crash", "t" + thread, i));
                    synchronized (out) {
                        out.println("ack " + thread + " " + i);
                        out.flush();
                    }
                }
            });
            writer.start();
        }
        Thread.currentThread().join();
    }
}
