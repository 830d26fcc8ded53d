package io.goadmin.collector.processes.impl;

/** Processes counted by state, as Telegraf's processes input counts them, and their threads. Not thread-safe. */
final class ProcessCounts {
    long running;
    long sleeping;
    long blocked;
    long zombies;
    long stopped;
    long dead;
    long idle;
    long paging;
    long unknown;
    long total;
    long threads;

    /** Counts one process in {@code state} with {@code threadCount} threads. */
    void add(char state, long threadCount) {
        switch (state) {
            case 'R' -> running++;
            case 'S' -> sleeping++;
            case 'D' -> blocked++;
            case 'Z' -> zombies++;
            case 'T', 't' -> stopped++;
            case 'X', 'x' -> dead++;
            case 'I' -> idle++;
            case 'W' -> paging++;
            default -> unknown++;
        }
        total++;
        threads += Math.max(0, threadCount);
    }
}
