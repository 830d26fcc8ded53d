package io.goadmin.scheduler.impl;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongUnaryOperator;

import org.osgi.service.log.Logger;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.Collector;
import io.goadmin.core.JobState;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.PurgeResult;
import io.goadmin.core.Storage;
import io.goadmin.core.Validation;
import io.goadmin.core.units.Durations;
import io.goadmin.scheduler.CollectorStatus;
import io.goadmin.scheduler.SchedulerSnapshot;
import io.goadmin.scheduler.SchedulerStatus;
import io.goadmin.scheduler.impl.CollectorJob.PollOutcome;

/**
 * The scheduler itself, free of DS so tests build it by hand: a timer thread fires each collector's ticks, a bounded
 * pool of workers runs the polls, and every poll ends in one batch written to {@link Storage}.
 *
 * <p>Locks: {@code this} guards the life cycle and the set of collectors; each {@link CollectorJob} guards its own
 * state; each {@link Poll} guards its state. They nest only in that order, and nothing calls a collector or the
 * storage while holding one.
 */
final class Scheduler implements SchedulerStatus {
    /** Module of the scheduler's own metrics. */
    static final String MODULE = Counters.MODULE;
    /** How long a timed-out poll may take to notice its interrupt before its collector is marked stuck. */
    static final long STUCK_GRACE_MILLIS = 1000;

    private final Storage storage;
    private final Logger log;
    private final Clock clock;
    private final LongUnaryOperator jitterSource;
    private final TaskTimer timer;
    private final ThreadPoolExecutor workers;
    private final Counters counters = new Counters();
    private final Journal journal;
    private final long startedAt;
    private final long startedOnTimer;
    private final Map<String, CollectorJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, JobState> stored;
    private final RetentionJob retention;

    private volatile Settings settings;
    private volatile boolean stopped;
    private Future<?> heartbeatTask; // guarded by this
    private Future<?> retentionTask; // guarded by this
    private Future<?> selfMetricsTask; // guarded by this
    private final Object poolLock = new Object();
    private int stuckWorkers; // guarded by poolLock
    private final AtomicBoolean retentionPending = new AtomicBoolean();
    private final AtomicBoolean selfMetricsPending = new AtomicBoolean();

    /**
     * @param jitterSource given the largest jitter in milliseconds, returns a delay from 0 to it
     */
    Scheduler(Storage storage, Logger log, Settings settings, Clock clock, LongUnaryOperator jitterSource,
            TaskTimer timer) {
        this.storage = storage;
        this.log = log;
        this.settings = settings;
        this.clock = clock;
        this.jitterSource = jitterSource;
        this.timer = timer;
        this.journal = new Journal(storage, log, clock, counters);
        this.startedAt = clock.millis();
        this.startedOnTimer = timer.now();
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), NamedThreads.numbered("goadmin-worker"));
        this.stored = journal.loadJobStates();
        this.retention = new RetentionJob(stored.get(RetentionJob.NAME));
    }

    /** Logs the start and the first heartbeat and schedules the housekeeping jobs. */
    synchronized void start() {
        log.info("scheduler started: " + settings.describe());
        heartbeat();
        scheduleHousekeeping();
    }

    // ---- collectors coming and going ----

    /** Starts polling {@code collector}, registered by {@code bundle} with the given service properties. */
    void addCollector(Collector collector, Map<String, ?> properties, String bundle, long bundleId) {
        String name;
        try {
            name = Validation.name("collector name", collector.name());
            Validation.name("job name", CollectorJob.jobName(name));
        } catch (RuntimeException e) {
            log.warn("ignoring a collector from bundle " + bundle + ": " + Journal.message(e));
            return;
        }
        CollectorJob job = new CollectorJob(name, collector, bundle, bundleId, stored.get(CollectorJob.jobName(name)));
        String problem;
        synchronized (this) {
            if (stopped) {
                return;
            }
            CollectorJob existing = jobs.putIfAbsent(name, job);
            if (existing != null) {
                log.warn("ignoring collector " + name + " from bundle " + bundle + ": bundle " + existing.bundle
                        + " already registered a collector of that name; rename one of them");
                return;
            }
            synchronized (job) {
                problem = readServiceProperties(job, properties);
                applySchedule(job, settings, timer.now(), true);
            }
        }
        if (problem != null) {
            log.warn(problem);
        }
        log.info("collector added: " + name + " from " + bundle + " (" + describe(job) + ")");
        audit("collector.added", name, bundle);
    }

    /** Applies changed service properties of a tracked collector. */
    void updateCollector(Collector collector, Map<String, ?> properties) {
        CollectorJob job;
        String problem;
        boolean changed;
        synchronized (this) {
            job = find(collector);
            if (job == null || stopped) {
                return;
            }
            synchronized (job) {
                problem = readServiceProperties(job, properties);
                changed = applySchedule(job, settings, timer.now(), false);
            }
        }
        if (problem != null) {
            log.warn(problem);
        }
        if (changed) {
            log.info("collector updated: " + job.name + " (" + describe(job) + ")");
            submitStateWrite(job);
        }
    }

    /** Stops polling {@code collector} at once: it is never called again and its running poll is cancelled. */
    void removeCollector(Collector collector) {
        CollectorJob job;
        synchronized (this) {
            job = find(collector);
        }
        if (job == null) {
            return;
        }
        Poll poll;
        // A poll of this collector being stored holds the write lock until it is counted: waiting for it makes the
        // counts kept below include it. Lock order: a job's write lock, the scheduler, the job.
        synchronized (job.writeLock) {
            synchronized (this) {
                if (find(collector) != job) {
                    return; // removed meanwhile
                }
                jobs.remove(job.name);
                synchronized (job) {
                    job.removed = true;
                    cancelTick(job);
                    poll = job.inFlight;
                }
                // A collector that comes back (bundle update, redeploy) goes on counting from here.
                stored.put(CollectorJob.jobName(job.name), job.jobState());
            }
        }
        Poll.State was = poll == null ? null : poll.cancel();
        if (was == Poll.State.QUEUED) {
            counters.queued.decrementAndGet();
        } else if (was == Poll.State.RUNNING && !stopped) {
            schedule(() -> checkStuck(poll), STUCK_GRACE_MILLIS); // one that ignores the interrupt keeps its worker
        }
        if (!stopped) {
            log.info("collector removed: " + job.name + " from " + job.bundle);
            audit("collector.removed", job.name, job.bundle);
        }
    }

    private CollectorJob find(Collector collector) {
        for (CollectorJob job : jobs.values()) {
            if (job.collector == collector) {
                return job;
            }
        }
        return null;
    }

    /** Reads {@code collector.interval} / {@code collector.enabled}; returns a warning for a bad value, else null. */
    private static String readServiceProperties(CollectorJob job, Map<String, ?> properties) {
        String problem = null;
        try {
            job.serviceInterval = Settings.serviceInterval(properties.get(Collector.INTERVAL_PROPERTY));
        } catch (IllegalArgumentException e) {
            job.serviceInterval = null;
            problem = "collector " + job.name + " from bundle " + job.bundle + ": " + e.getMessage()
                    + "; using the scheduler's interval";
        }
        try {
            job.serviceEnabled = Settings.serviceEnabled(properties.get(Collector.ENABLED_PROPERTY)).orElse(null);
        } catch (IllegalArgumentException e) {
            job.serviceEnabled = null;
            problem = "collector " + job.name + " from bundle " + job.bundle + ": " + e.getMessage();
        }
        return problem;
    }

    // ---- configuration ----

    /** Applies a new configuration live: schedules, pool size, housekeeping. */
    void applySettings(Settings next) {
        List<CollectorJob> changed = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            Settings previous = settings;
            settings = next;
            log.info("scheduler configuration applied: " + next.describe());
            resizePool(0);
            long now = timer.now();
            for (CollectorJob job : jobs.values()) {
                synchronized (job) {
                    if (applySchedule(job, next, now, false)) {
                        changed.add(job);
                    }
                }
            }
            if (!previous.heartbeat().equals(next.heartbeat())) {
                cancel(heartbeatTask);
                heartbeatTask = schedule(this::heartbeat, next.heartbeat().toMillis());
            }
            if (previous.enabled() != next.enabled() || !previous.interval().equals(next.interval())
                    || !previous.retentionInterval().equals(next.retentionInterval())) {
                scheduleHousekeeping();
            }
        }
        changed.forEach(this::submitStateWrite);
    }

    /**
     * Works out a job's interval and switch (scheduler configuration, then the collector's service properties, then
     * the default) and (re)schedules its next tick. Caller holds the job's lock. Returns true if either changed.
     */
    private boolean applySchedule(CollectorJob job, Settings current, long now, boolean fresh) {
        synchronized (job) { // already held by every caller; repeated so the analysis sees it
            Settings.Override override = current.overrideFor(job.name);
            Duration interval = override.interval() != null ? override.interval()
                    : job.serviceInterval != null ? job.serviceInterval : current.interval();
            boolean enabled = override.enabled() != null ? override.enabled()
                    : job.serviceEnabled == null || job.serviceEnabled;
            long previousInterval = job.intervalMillis;
            boolean changed = fresh || previousInterval != interval.toMillis() || enabled != job.enabled;
            job.intervalMillis = interval.toMillis();
            job.enabled = enabled;
            if (!enabled || !current.enabled() || stopped || job.removed) {
                cancelTick(job);
                if (job.inFlight != null && job.inFlight.cancelIfQueued()) {
                    job.inFlight = null; // switched off before it started: it never will; a running one finishes
                    counters.queued.decrementAndGet();
                }
            } else if (job.nextTick == null) {
                scheduleTick(job, now, current); // new or switched back on: polled within its first interval
            } else if (previousInterval != job.intervalMillis) {
                cancelTick(job);
                long base = job.base - previousInterval + job.intervalMillis; // keep the phase when possible
                scheduleTick(job, Math.max(now, Math.min(base, now + job.intervalMillis)), current);
            }
            return changed;
        }
    }

    /** Schedules the job's next tick at {@code base} plus a random jitter. Caller holds the job's lock. */
    private void scheduleTick(CollectorJob job, long base, Settings current) {
        // Capped at half the interval, so consecutive ticks stay at least half an interval apart.
        synchronized (job) { // already held by every caller; repeated so the analysis sees it
            long max = Math.min(current.jitter().toMillis(), job.intervalMillis / 2);
            long delay = max <= 0 ? 0 : Math.max(0, Math.min(max, jitterSource.applyAsLong(max)));
            long now = timer.now();
            job.base = base;
            job.nextRunTs = clock.millis() + base + delay - now;
            job.nextTick = schedule(() -> tick(job), base + delay - now);
        }
    }

    private static void cancelTick(CollectorJob job) {
        synchronized (job) { // already held by every caller; repeated so the analysis sees it
            cancel(job.nextTick);
            job.nextTick = null;
            job.nextRunTs = null;
        }
    }

    // ---- polling ----

    /** A collector's tick, on the timer thread: schedule the next one, then start a poll or skip. */
    private void tick(CollectorJob job) {
        Settings current = settings;
        Poll poll = null;
        Poll stalled = null;
        boolean skip = false;
        synchronized (job) {
            if (stopped || job.removed || !job.enabled || !current.enabled()) {
                return;
            }
            long now = timer.now(); // not the wall clock: setting it must not look like missed ticks
            long next = job.base + job.intervalMillis;
            long missed = 0;
            if (next <= now) { // the timer thread fell behind: whole intervals that passed without a tick count
                missed = (now - job.base) / job.intervalMillis;
                next = now + job.intervalMillis;
            }
            scheduleTick(job, next, current);
            if (missed > 0) {
                job.skipped += missed;
                counters.skipped.add(missed);
                skip = true;
            }
            if (job.inFlight != null) {
                skip = true;
                job.skipped++;
                counters.skipped.increment();
                job.lastStatus = "skipped";
                stalled = job.inFlight;
            } else {
                poll = new Poll(job);
                job.inFlight = poll;
                counters.queued.incrementAndGet();
            }
        }
        if (skip) {
            submitStateWrite(job);
        }
        if (stalled != null) {
            checkStuck(stalled);
        }
        if (poll != null) {
            Poll started = poll;
            try {
                workers.execute(() -> runPoll(started));
            } catch (RejectedExecutionException e) {
                if (started.cancel() == Poll.State.QUEUED) {
                    counters.queued.decrementAndGet(); // the scheduler is stopping
                }
            }
        }
    }

    /** One poll, on a worker thread: call the collector under a deadline, then store its records in one batch. */
    private void runPoll(Poll poll) {
        long timeoutMillis = settings.timeout().toMillis();
        if (!poll.begin(clock.millis(), timeoutMillis)) {
            return; // cancelled while queued; whoever cancelled it took it off the queue count
        }
        counters.queued.decrementAndGet();
        counters.active.incrementAndGet();
        counters.polls.increment();
        synchronized (poll.job) {
            poll.job.polls++;
        }
        Future<?> deadline = schedule(() -> expire(poll, timeoutMillis), timeoutMillis);
        long startNanos = System.nanoTime();
        Throwable failure = null;
        try {
            poll.job.collector.collect(poll);
        } catch (Throwable e) { // whatever a collector throws, the worker and the other collectors go on
            failure = e;
        }
        long durationMillis = (System.nanoTime() - startNanos) / 1_000_000;
        Poll.State end = poll.end();
        cancel(deadline);
        Thread.interrupted(); // an interrupt aimed at this poll must not reach the worker's next task
        counters.active.decrementAndGet();
        try {
            finish(poll, end, failure, durationMillis);
        } finally {
            synchronized (poll.job) { // even if storing threw an Error: a poll left in flight would skip every tick
                if (poll.job.inFlight == poll) {
                    poll.job.inFlight = null;
                }
            }
        }
    }

    private void finish(Poll poll, Poll.State end, Throwable failure, long durationMillis) {
        CollectorJob job = poll.job;
        int rejectedHere = poll.rejected();
        if (rejectedHere > 0) {
            counters.rejected.add(rejectedHere);
            journal.warnLimited(job.name + ".rejected", "collector " + job.name + " emitted " + rejectedHere
                    + " invalid records in one poll; they were not stored. First: " + poll.firstRejection());
        }
        if (end != Poll.State.DONE) {
            boolean wasStuck;
            synchronized (job) {
                job.rejected += rejectedHere;
                wasStuck = job.stuck;
                if (wasStuck) {
                    job.stuck = false;
                    resizePool(-1);
                }
                if (job.inFlight == poll) {
                    job.inFlight = null;
                }
            }
            if (wasStuck) {
                log.info("collector " + job.name + " returned after being stuck past its deadline; polling resumes");
            }
            return;
        }
        List<MetricRecord> batch = poll.records();
        String collectorError = failure == null ? null : Journal.message(failure);
        if (failure != null) {
            counters.errors.increment();
            journal.warnLimited(job.name, "collector " + job.name + " failed: " + collectorError);
        }
        synchronized (job) {
            job.rejected += rejectedHere;
        }
        String writeError = null;
        // The poll counts only once its records are stored: a state written meanwhile (a skipped tick's, a
        // timeout's) waits for the write lock and so never claims records the database does not hold. The poll is
        // still in flight until runPoll clears it, so the next poll of this job cannot start before it is counted.
        // Lock order: the write lock, then the job's monitor.
        synchronized (job.writeLock) {
            PollOutcome outcome = new PollOutcome(poll.timestamp(), durationMillis, batch.size(), collectorError);
            if (!batch.isEmpty()) {
                writeError = journal.savePoll(job, batch, job.jobStateAfter(outcome));
            }
            job.apply(writeError == null ? outcome : outcome.lost(writeError));
            if (batch.isEmpty() || writeError != null) {
                journal.saveJobState(job);
            }
        }
        if (writeError == null) {
            counters.records.add(batch.size());
        }
        if (log.isDebugEnabled()) {
            log.debug("poll " + job.name + ": " + (failure != null || writeError != null ? "error" : "ok") + ", "
                    + (writeError == null ? batch.size() : 0) + " records stored, " + rejectedHere + " rejected, "
                    + durationMillis + " ms");
        }
    }

    /** A poll's deadline, on the timer thread: interrupt it, discard its records, count a timeout. */
    private void expire(Poll poll, long timeoutMillis) {
        if (!poll.expire()) {
            return;
        }
        CollectorJob job = poll.job;
        counters.timeouts.increment();
        String error = "timed out after " + Durations.format(Duration.ofMillis(timeoutMillis));
        synchronized (job) {
            job.timeouts++;
            job.lastRunTs = poll.timestamp();
            job.lastDurationMillis = timeoutMillis;
            job.lastStatus = "timeout";
            job.lastError = error;
        }
        journal.warnLimited(job.name, "collector " + job.name + " " + error + "; its records were discarded");
        submitStateWrite(job);
        schedule(() -> checkStuck(poll), STUCK_GRACE_MILLIS);
    }

    /**
     * Marks the collector stuck if its timed-out or cancelled poll still holds the worker: warned once, and a spare
     * worker takes its place until it returns.
     */
    private void checkStuck(Poll poll) {
        CollectorJob job = poll.job;
        boolean removed;
        synchronized (job) {
            Poll.State state = poll.state();
            if (job.stuck || job.inFlight != poll || poll.thread() == null
                    || (state != Poll.State.TIMED_OUT && state != Poll.State.CANCELLED)) {
                return;
            }
            job.stuck = true;
            removed = job.removed;
            resizePool(1); // under the job's lock, so it pairs with the shrink when the poll returns
        }
        log.warn("collector " + job.name + " ignores interruption and still holds a worker after "
                + (removed ? "it was removed" : "its deadline") + "; "
                + (removed ? "" : "its ticks are skipped until it returns, and ") + "a spare worker takes its place");
    }

    /** Grows or shrinks the pool by the workers held by stuck collectors, so the others keep their schedule. */
    private void resizePool(int stuckDelta) {
        synchronized (poolLock) {
            stuckWorkers += stuckDelta;
            int size = Math.max(1, settings.workers() + stuckWorkers);
            if (size > workers.getMaximumPoolSize()) {
                workers.setMaximumPoolSize(size);
                workers.setCorePoolSize(size);
            } else {
                workers.setCorePoolSize(size);
                workers.setMaximumPoolSize(size);
            }
        }
    }

    // ---- housekeeping: heartbeat, retention, self-metrics ----

    private synchronized void heartbeat() {
        if (stopped) {
            return;
        }
        log.info(heartbeatLine());
        heartbeatTask = schedule(this::heartbeat, settings.heartbeat().toMillis());
    }

    /** The heartbeat log line, for example {@code heartbeat uptime=1m workers.active=0 queue=0 collectors=8 ...}. */
    String heartbeatLine() {
        return counters.heartbeatLine(timer.now() - startedOnTimer, jobs.size(), stuckCount(), settings.enabled());
    }

    /** (Re)schedules retention and self-metrics, or cancels them when the scheduler is switched off. */
    private synchronized void scheduleHousekeeping() {
        cancel(retentionTask);
        cancel(selfMetricsTask);
        retentionTask = null;
        selfMetricsTask = null;
        Settings current = settings;
        if (stopped || !current.enabled()) {
            retention.scheduled(null);
            return;
        }
        long now = clock.millis();
        long interval = current.retentionInterval().toMillis();
        long due = retention.nextDue(now, interval);
        retention.scheduled(due);
        retentionTask = schedule(this::retentionTick, due - now);
        selfMetricsTask = schedule(this::selfMetricsTick, current.interval().toMillis());
    }

    private synchronized void retentionTick() {
        if (stopped || !settings.enabled()) {
            return;
        }
        long interval = settings.retentionInterval().toMillis();
        retention.scheduled(clock.millis() + interval);
        retentionTask = schedule(this::retentionTick, interval);
        if (!submitOnce(retentionPending, this::runRetention)) {
            retention.skipped();
            journal.warnLimited("retention.skipped", "retention is still running from its last tick, so this one "
                    + "is skipped; if this repeats, raise retention.interval in etc/goadmin.scheduler.cfg");
        }
    }

    private void runRetention() {
        long startTs = clock.millis();
        long startNanos = System.nanoTime();
        try {
            PurgeResult result = storage.runRetention();
            retention.finished(startTs, (System.nanoTime() - startNanos) / 1_000_000,
                    result.metricsRemoved() + result.auditEventsRemoved(), null);
            log.info("retention removed " + result.metricsRemoved() + " metric rows and " + result.auditEventsRemoved()
                    + " audit rows, freed " + result.bytesFreed() + " bytes");
        } catch (RuntimeException e) {
            retention.finished(startTs, (System.nanoTime() - startNanos) / 1_000_000, 0, Journal.message(e));
            journal.warnLimited("retention", "retention failed: " + Journal.message(e));
        }
        Settings current = settings;
        journal.saveState(retention.jobState(current.retentionInterval().toMillis(), current.enabled()));
    }

    private synchronized void selfMetricsTick() {
        if (stopped || !settings.enabled()) {
            return;
        }
        selfMetricsTask = schedule(this::selfMetricsTick, settings.interval().toMillis());
        submitOnce(selfMetricsPending, () -> journal.saveSelfMetrics(selfMetrics()));
    }

    /** The scheduler's own metrics now, under module {@value #MODULE}. */
    List<MetricRecord> selfMetrics() {
        Map<String, Long> durations = new TreeMap<>();
        for (CollectorJob job : jobs.values()) {
            synchronized (job) {
                if (job.lastDurationMillis != null) {
                    durations.put(job.name, job.lastDurationMillis);
                }
            }
        }
        return counters.selfMetrics(clock.millis(), jobs.size(), stuckCount(), durations);
    }

    // ---- status ----

    @Override
    public SchedulerSnapshot snapshot() {
        Settings current = settings;
        List<CollectorStatus> collectors = jobs.values().stream().map(CollectorJob::status)
                .sorted(Comparator.comparing(CollectorStatus::name)).toList();
        return new SchedulerSnapshot(startedAt, current.enabled(), current.interval().toMillis(),
                current.jitter().toMillis(), current.timeout().toMillis(), current.workers(), counters.active.get(),
                counters.queued.get(), counters.records.sum(), counters.totalErrors(), collectors);
    }

    private int stuckCount() {
        synchronized (poolLock) {
            return stuckWorkers;
        }
    }

    /** Counters the snapshot leaves out, for tests and the benchmark. */
    long polls() {
        return counters.polls.sum();
    }

    long skipped() {
        return counters.skipped.sum();
    }

    long writeErrors() {
        return counters.writeErrors.sum();
    }

    // ---- stop ----

    /**
     * Stops ticks, cancels running polls, waits for them up to the shutdown timeout and leaves no thread behind
     * (except one inside a collector that ignores interruption, which is named in the log).
     */
    void stop(String reason) {
        List<Poll> inFlight = new ArrayList<>();
        Settings current;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            current = settings;
            log.info("scheduler stopping: reason=" + reason + ", active workers=" + counters.active.get());
            timer.shutdown();
            for (CollectorJob job : jobs.values()) {
                synchronized (job) {
                    cancelTick(job);
                    if (job.inFlight != null) {
                        inFlight.add(job.inFlight);
                    }
                }
            }
        }
        int cancelled = 0;
        for (Poll poll : inFlight) {
            Poll.State was = poll.cancel();
            if (was == Poll.State.QUEUED) {
                counters.queued.decrementAndGet();
            }
            if (was != null) {
                cancelled++;
            }
        }
        workers.shutdown();
        long waitMillis = current.shutdownTimeout().toMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        boolean clean = false;
        try {
            clean = timer.awaitTermination(waitMillis)
                    & workers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!clean) {
            workers.shutdownNow();
            List<String> holding = new ArrayList<>();
            for (Poll poll : inFlight) {
                Thread thread = poll.thread();
                if (thread != null) {
                    holding.add(poll.job.name + " (" + thread.getName() + ")");
                }
            }
            if (!holding.isEmpty()) {
                log.warn("collectors ignoring interruption still hold worker threads after the shutdown timeout: "
                        + String.join(", ", holding) + "; those threads end with the process");
            }
        }
        log.info("scheduler stopped: cancelled polls=" + cancelled + ", threads left=" + workers.getPoolSize());
    }

    // ---- helpers ----

    private Future<?> schedule(Runnable task, long delayMillis) {
        try {
            return timer.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("scheduler task failed: " + Journal.message(e), e); // a bug: the stack trace helps
                }
            }, delayMillis);
        } catch (RejectedExecutionException e) {
            return null; // the timer is stopping
        }
    }

    private static void cancel(Future<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Runs a write that is not a poll (audit, job state, retention, own metrics) on a worker. */
    private void submitInternal(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            // the scheduler is stopping: the write is dropped, as the poll that would have caused it
        }
    }

    /**
     * Queues {@code task} unless the previous one is still queued or running (then returns false): a retention slower
     * than its interval, or a storage that stalls, must not pile housekeeping up in front of the polls.
     */
    private boolean submitOnce(AtomicBoolean pending, Runnable task) {
        if (!pending.compareAndSet(false, true)) {
            return false;
        }
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } finally {
                    pending.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            pending.set(false); // the scheduler is stopping
        }
        return true;
    }

    /** Queues one write of the job's state; further requests while one is queued fold into it. */
    private void submitStateWrite(CollectorJob job) {
        synchronized (job) {
            if (job.statePending) {
                return;
            }
            job.statePending = true;
        }
        submitInternal(() -> {
            synchronized (job) {
                job.statePending = false;
            }
            journal.saveJobState(job);
        });
    }

    private void audit(String action, String collector, String bundle) {
        AuditEvent event = journal.collectorEvent(action, collector, bundle);
        submitInternal(() -> journal.saveAuditEvent(event));
    }

    private static String describe(CollectorJob job) {
        synchronized (job) {
            return "interval=" + Durations.format(Duration.ofMillis(job.intervalMillis)) + " enabled=" + job.enabled;
        }
    }
}
