package io.goadmin.scheduler.impl;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the scheduler's daemon threads, named so that a thread dump says whose they are. */
final class NamedThreads {

    private NamedThreads() {
    }

    /** Threads all named {@code name}. */
    static ThreadFactory single(String name) {
        return task -> daemon(task, name);
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... */
    static ThreadFactory numbered(String prefix) {
        AtomicInteger next = new AtomicInteger(1);
        return task -> daemon(task, prefix + "-" + next.getAndIncrement());
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
