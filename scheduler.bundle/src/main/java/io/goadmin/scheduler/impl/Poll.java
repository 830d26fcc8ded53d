package io.goadmin.scheduler.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.PollContext;
import io.goadmin.core.ValidationException;

/**
 * One poll of one collector, from the tick that queued it to its end. Its state moves once out of {@code QUEUED} or
 * {@code RUNNING}, under its own lock, so a poll that finishes exactly at its deadline is either done or timed out,
 * never both, and an interrupt can only reach the worker thread while this poll still owns it.
 */
final class Poll implements PollContext {

    /** Where a poll is in its life. */
    enum State {
        /** Waiting for a worker. */
        QUEUED,
        /** Inside the collector. */
        RUNNING,
        /** Returned in time: its records count. */
        DONE,
        /** Passed its deadline: interrupted, records discarded; it may still hold its worker (stuck). */
        TIMED_OUT,
        /** Cancelled because the collector went away or the scheduler stopped: records discarded. */
        CANCELLED
    }

    /** Most records one poll may emit; more are rejected, so a runaway collector cannot exhaust memory. */
    static final int MAX_RECORDS = 10_000;

    final CollectorJob job;
    private long timestamp;
    private Instant deadline;
    private final List<MetricRecord> records = new ArrayList<>();
    private State state = State.QUEUED;
    private Thread thread;
    private int rejected;
    private String firstRejection;

    Poll(CollectorJob job) {
        this.job = job;
    }

    /**
     * Moves a queued poll to running on the current thread, stamping it with {@code now}; false if it was cancelled
     * while queued.
     */
    synchronized boolean begin(long now, long timeoutMillis) {
        if (state != State.QUEUED) {
            return false;
        }
        state = State.RUNNING;
        thread = Thread.currentThread();
        timestamp = now;
        deadline = Instant.ofEpochMilli(now + timeoutMillis);
        return true;
    }

    /** Called by the worker when the collector returned: the state the poll ended in. */
    synchronized State end() {
        if (state == State.RUNNING) {
            state = State.DONE;
        }
        thread = null;
        return state;
    }

    /** Ends a running poll at its deadline, interrupting its worker; false if it already ended. */
    synchronized boolean expire() {
        return stop(State.TIMED_OUT);
    }

    /** Cancels the poll only if it has not started; true if it was cancelled. */
    synchronized boolean cancelIfQueued() {
        if (state != State.QUEUED) {
            return false;
        }
        state = State.CANCELLED;
        return true;
    }

    /** Cancels a queued or running poll: the state it was in, or null if it had already ended. */
    synchronized State cancel() {
        State was = state;
        if (state == State.QUEUED) {
            state = State.CANCELLED;
            return was;
        }
        return stop(State.CANCELLED) ? was : null;
    }

    private boolean stop(State to) {
        if (state != State.RUNNING) {
            return false;
        }
        state = to;
        thread.interrupt();
        return true;
    }

    synchronized State state() {
        return state;
    }

    /** The thread still inside the collector after the poll was stopped, or null. */
    synchronized Thread thread() {
        return thread;
    }

    /** The records of a poll that ended {@link State#DONE}. */
    synchronized List<MetricRecord> records() {
        return List.copyOf(records);
    }

    synchronized int rejected() {
        return rejected;
    }

    /** The first validation failure of this poll, for the log; null if none. */
    synchronized String firstRejection() {
        return firstRejection;
    }

    @Override
    public synchronized long timestamp() {
        return timestamp;
    }

    @Override
    public synchronized Instant deadline() {
        return deadline;
    }

    @Override
    public synchronized boolean isCancelled() {
        return state != State.RUNNING;
    }

    @Override
    public boolean emit(String key, double value) {
        return emit(key, value, Map.of());
    }

    @Override
    public synchronized boolean emit(String key, double value, Map<String, String> tags) {
        if (state != State.RUNNING) {
            return false;
        }
        if (records.size() >= MAX_RECORDS) {
            return reject("more than " + MAX_RECORDS + " records in one poll");
        }
        try {
            records.add(new MetricRecord(timestamp, job.name, key, value, tags));
            return true;
        } catch (ValidationException e) {
            return reject(e.getMessage());
        }
    }

    private boolean reject(String reason) {
        rejected++;
        if (firstRejection == null) {
            firstRejection = reason;
        }
        return false;
    }
}
