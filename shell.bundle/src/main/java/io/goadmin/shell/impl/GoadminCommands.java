package io.goadmin.shell.impl;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.AuditQuery;
import io.goadmin.core.BackupResult;
import io.goadmin.core.PurgeRequest;
import io.goadmin.core.PurgeResult;
import io.goadmin.core.Query;
import io.goadmin.core.Storage;
import io.goadmin.core.StorageException;
import io.goadmin.core.json.Json;
import io.goadmin.core.units.DataSizes;
import io.goadmin.scheduler.CollectorStatus;
import io.goadmin.scheduler.SchedulerSnapshot;
import io.goadmin.scheduler.SchedulerStatus;
import io.goadmin.shell.client.Protocol;

/**
 * The {@code goadmin} commands, behind both front ends: the Gogo console ({@link GogoCommands}) and the control
 * socket ({@link CommandLine}). Each method writes through a {@link Printer} and returns an exit status of
 * {@link Protocol}. Purge, backup and reading the audit log are recorded as {@link AuditEvent}s.
 *
 * <p>Storage and the scheduler are optional, dynamic references on purpose: {@code status} must still answer when
 * one of them failed to start, since that is when an operator needs it.
 */
@Component(service = GoadminCommands.class)
public final class GoadminCommands {
    /** The commands, in the order help lists them. */
    public static final List<String> NAMES = List.of("status", "purge", "query", "collectors", "audit", "backup");
    /** Audit action of a purge. */
    static final String ACTION_PURGE = "purge";
    /** Audit action of a backup. */
    static final String ACTION_BACKUP = "backup";
    /** Audit action of reading the audit log. */
    static final String ACTION_AUDIT_READ = "audit.read";
    /** Audit action of a refused request. */
    static final String ACTION_DENIED = "denied";
    /** The shortest purge age: any positive one, as {@link PurgeRequest} requires. */
    static final Duration MIN_PURGE_AGE = Duration.ofMillis(1);
    /** How storage's path check starts its advice to move the database; it ends the message. */
    static final String STORAGE_PATH_ADVICE = "set 'path' in etc/goadmin.storage.cfg";
    /** The advice for a backup refused for its folder. */
    static final String BACKUP_FOLDER_ADVICE = "choose a backup folder only the daemon's user (or root) can write, not"
            + " one under a folder every user can write such as /tmp; for example create /var/lib/goadmin/backup"
            + " with mode 0700";
    /** Audit events shown when no limit is given. */
    static final int DEFAULT_AUDIT_LIMIT = 50;

    private final Clock clock;
    private final String version;
    private final long startedAt;
    private final Logger log;
    private final AuditTrail audit;
    private final AuditSubjects subjects;
    private final AtomicReference<Storage> storage = new AtomicReference<>();
    private final AtomicReference<SchedulerStatus> scheduler = new AtomicReference<>();

    /** Activated by DS: the version is the framework property {@code goadmin.version}, else this bundle's. */
    @Activate
    public GoadminCommands(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        this(Clock.systemUTC(), version(context), ManagementFactory.getRuntimeMXBean().getStartTime(), log);
    }

    /** For tests and other hosts: the clock, the version to show and when the daemon started (epoch millis). */
    GoadminCommands(Clock clock, String version, long startedAt, Logger log) {
        this.clock = clock;
        this.version = version;
        this.startedAt = startedAt;
        this.log = log;
        this.audit = new AuditTrail(clock, log, storage::get);
        this.subjects = AuditSubjects.ofThisProcess();
    }

    private static String version(BundleContext context) {
        String configured = context.getProperty("goadmin.version");
        return Arguments.absent(configured) ? context.getBundle().getVersion().toString() : configured;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStorage(Storage service) {
        storage.set(service);
    }

    void unbindStorage(Storage service) {
        storage.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindScheduler(SchedulerStatus service) {
        scheduler.set(service);
    }

    void unbindScheduler(SchedulerStatus service) {
        scheduler.compareAndSet(service, null);
    }

    /**
     * Uptime, version, scheduler, collectors and storage. The whole report is printed even when the scheduler or
     * storage is not available, but then the status is an error, so a health check sees it.
     */
    public int status(Caller caller, boolean json, Output output) {
        Printer printer = new Printer(output, json);
        return run(printer, "status", null, () -> new StatusReport(version, startedAt, clock.millis())
                .print(printer, scheduler.get(), storage.get()) ? Protocol.EXIT_OK : Protocol.EXIT_ERROR);
    }

    /** Removes metrics older than {@code olderThan} (default: the retention policy), optionally of one module. */
    public int purge(Caller caller, String olderThan, String module, boolean dryRun, boolean json, Output output) {
        Printer printer = new Printer(output, json);
        Map<String, Object> arguments = AuditTrail.arguments("olderThan", olderThan, "module", module, "dryRun", dryRun);
        return audited(caller, ACTION_PURGE, arguments, printer, requestId -> {
            Duration age = Arguments.absent(olderThan) ? null
                    : Arguments.duration("--older-than", olderThan, MIN_PURGE_AGE, "use a positive age such as 7d");
            PurgeRequest request = new PurgeRequest(age, Arguments.absent(module) ? null : module, dryRun);
            PurgeResult result = storage().purge(request, new ProgressPrinter(ACTION_PURGE, printer));
            if (printer.json()) {
                printer.printJson(Json.toObject(result).put("requestId", requestId));
            } else {
                String counts = result.metricsRemoved() + " metric rows and " + result.auditEventsRemoved()
                        + " audit rows";
                printer.text(result.dryRun()
                        ? "dry run: would remove " + counts + " (took " + Printer.duration(result.durationMillis()) + ")"
                        : "removed " + counts + ", gave back " + DataSizes.format(result.bytesFreed()) + " in "
                                + Printer.duration(result.durationMillis()));
                printer.text("request " + requestId);
            }
            return Protocol.EXIT_OK;
        });
    }

    /** Metric history, as stored or bucketed, optionally as per-second rates. */
    public int query(Caller caller, QueryArgs args, boolean json, Output output) {
        Printer printer = new Printer(output, json);
        return run(printer, "query", null, () -> {
            QueryReport report = new QueryReport(args, clock.millis());
            report.print(printer, storage().queryMetrics(report.query()));
            return Protocol.EXIT_OK;
        });
    }

    /** The collectors the scheduler tracks. */
    public int collectors(Caller caller, boolean json, Output output) {
        Printer printer = new Printer(output, json);
        return run(printer, "collectors", null, () -> {
            SchedulerStatus service = scheduler.get();
            if (service == null) {
                throw new Unavailable(StatusReport.SCHEDULER_MISSING);
            }
            SchedulerSnapshot snapshot = service.snapshot();
            if (printer.json()) {
                printer.printJson(Map.of("collectors", snapshot.collectors()));
                return Protocol.EXIT_OK;
            }
            Table table = Table.withHeader("NAME", "BUNDLE", "ENABLED", "INTERVAL", "LAST RUN", "NEXT RUN", "STATE");
            long now = clock.millis();
            for (CollectorStatus collector : snapshot.collectors()) {
                table.row(collector.name(), collector.bundle() + " [" + collector.bundleId() + "]",
                        collector.enabled() ? "yes" : "no", Printer.duration(collector.intervalMillis()),
                        Printer.relative(collector.lastRunTs(), now), Printer.relative(collector.nextRunTs(), now),
                        StatusReport.state(collector, snapshot.enabled()));
            }
            if (table.isEmpty()) {
                printer.text("no collectors are tracked: deploy a collector bundle to deploy/");
            } else {
                printer.print(table);
            }
            return Protocol.EXIT_OK;
        });
    }

    /** Recent audit events, newest first. */
    public int audit(Caller caller, String subject, String action, String since, String limit, boolean json,
            Output output) {
        Printer printer = new Printer(output, json);
        Map<String, Object> arguments = AuditTrail.arguments("subject", subject, "action", action, "since", since, "limit", limit);
        return audited(caller, ACTION_AUDIT_READ, arguments, printer, requestId -> {
            long from = Arguments.absent(since) ? 0 : Arguments.time("--since", since, clock.millis());
            int rows = Arguments.absent(limit) ? DEFAULT_AUDIT_LIMIT : Arguments.count("--limit", limit, Query.MAX_LIMIT);
            List<AuditEvent> events = auditEvents(Arguments.absent(subject) ? null : subject,
                    Arguments.absent(action) ? null : action, from, rows);
            if (printer.json()) {
                List<Object> list = new ArrayList<>();
                for (AuditEvent event : events) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("ts", event.ts());
                    row.put("subject", event.subject());
                    row.put("action", event.action());
                    row.put("source", event.source());
                    row.put("status", event.status());
                    row.put("requestId", event.requestId());
                    row.put("payload", Json.readTree(event.payloadJson()));
                    list.add(row);
                }
                printer.printJson(Map.of("requestId", requestId, "events", list));
                return Protocol.EXIT_OK;
            }
            Table table = Table.withHeader("TIME", "SUBJECT", "ACTION", "SOURCE", "STATUS", "REQUEST", "PAYLOAD");
            for (AuditEvent event : events) {
                table.row(Printer.time(event.ts()), event.subject(), event.action(), event.source(), event.status(),
                        event.requestId(), event.payloadJson());
            }
            if (table.isEmpty()) {
                printer.text("no audit events match");
            } else {
                printer.print(table);
            }
            printer.text("request " + requestId);
            return Protocol.EXIT_OK;
        });
    }

    /**
     * The newest {@code rows} events; a subject typed as a user name or uid ({@code root}, {@code 0}) also matches
     * the stored {@code uid:0(root)}, so one query per subject it names, merged.
     */
    private List<AuditEvent> auditEvents(String subject, String action, long from, int rows) {
        if (subject == null) {
            return storage().queryAuditEvents(new AuditQuery(null, action, from, rows));
        }
        List<AuditEvent> events = new ArrayList<>();
        for (String stored : subjects.matching(subject)) {
            events.addAll(storage().queryAuditEvents(new AuditQuery(stored, action, from, rows)));
        }
        events.sort(Comparator.comparingLong(AuditEvent::ts).reversed());
        return events.size() > rows ? events.subList(0, rows) : events;
    }

    /** An online backup of the database to {@code file}, an absolute path on the daemon's host, verified. */
    public int backup(Caller caller, String file, boolean json, Output output) {
        Printer printer = new Printer(output, json);
        return audited(caller, ACTION_BACKUP, AuditTrail.arguments("file", file), printer, requestId -> {
            if (Arguments.absent(file) || !Path.of(file).isAbsolute()) {
                throw new IllegalArgumentException("backup FILE '" + file + "' must be an absolute path on the"
                        + " daemon's host, for example /var/backups/goadmin.db");
            }
            BackupResult result;
            try {
                result = storage().backup(Path.of(file), new ProgressPrinter(ACTION_BACKUP, printer));
            } catch (StorageException e) {
                throw withBackupAdvice(e);
            }
            boolean sound = "ok".equals(result.integrity());
            if (printer.json()) {
                printer.printJson(Json.toObject(result).put("verified", sound).put("requestId", requestId));
            } else {
                printer.text("backup written to " + result.target() + ": " + DataSizes.format(result.bytes()) + " in "
                        + Printer.duration(result.durationMillis()) + ", integrity " + result.integrity());
                printer.text("request " + requestId);
            }
            if (!sound) {
                printer.error("the backup at " + result.target() + " failed its integrity check (" + result.integrity()
                        + "): do not rely on it; run the backup again (request " + requestId + ")");
                return Protocol.EXIT_ERROR;
            }
            return Protocol.EXIT_OK;
        });
    }

    /**
     * Storage checks a backup's folder as it checks its own database's, and so advises setting the database 'path'
     * in goadmin.storage.cfg, which is no fix for where a backup goes: that advice is replaced by one about the
     * backup folder. (Storage could say it itself: its check takes the fix as an argument.)
     */
    static StorageException withBackupAdvice(StorageException e) {
        String message = e.getMessage();
        int advice = message == null ? -1 : message.indexOf(STORAGE_PATH_ADVICE);
        if (advice < 0) {
            return e;
        }
        return new StorageException(message.substring(0, advice) + BACKUP_FOLDER_ADVICE, e);
    }

    /** Refuses a request for anything but the goadmin commands, and records the refusal. */
    public int denied(Caller caller, List<String> argv, String reason, Output output) {
        Printer printer = new Printer(output, false);
        String requestId = audit.newRequestId();
        printer.error(reason + " (request " + requestId + ")");
        audit.record(caller, ACTION_DENIED, AuditEvent.STATUS_DENIED, requestId, AuditTrail.requestArguments(argv),
                printer);
        return Protocol.EXIT_USAGE;
    }

    private int audited(Caller caller, String action, Map<String, Object> arguments, Printer printer,
            ToIntFunction<String> body) {
        String requestId = audit.newRequestId();
        int status = run(printer, action, requestId, () -> body.applyAsInt(requestId));
        audit.record(caller, action, status == Protocol.EXIT_OK ? AuditEvent.STATUS_OK : AuditEvent.STATUS_ERROR, requestId,
                arguments, printer);
        return status;
    }

    /** Runs a command body, turning failures into one error line and an exit status. */
    private int run(Printer printer, String command, String requestId, IntSupplier body) {
        String suffix = requestId == null ? "" : " (request " + requestId + ")";
        try {
            return body.getAsInt();
        } catch (IllegalArgumentException e) {
            printer.error(e.getMessage() + suffix);
            return Protocol.EXIT_USAGE;
        } catch (StorageException | Unavailable e) {
            printer.error(e.getMessage() + suffix);
            return Protocol.EXIT_ERROR;
        } catch (RuntimeException e) {
            log.error("goadmin:{} failed{}", command, suffix, e);
            printer.error(command + " failed: " + e + suffix + "; this is a bug, the daemon log has the details");
            return Protocol.EXIT_ERROR;
        }
    }

    private Storage storage() {
        Storage service = storage.get();
        if (service == null) {
            throw new Unavailable(StatusReport.STORAGE_MISSING);
        }
        return service;
    }
}
