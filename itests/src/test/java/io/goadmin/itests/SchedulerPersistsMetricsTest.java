package io.goadmin.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.AuditQuery;
import io.goadmin.core.Collector;
import io.goadmin.core.JobState;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.PollContext;
import io.goadmin.core.Query;
import io.goadmin.core.Storage;
import io.goadmin.scheduler.SchedulerStatus;

/**
 * The scheduler and the real storage in the framework: a collector service registered by this bundle is polled on
 * its interval, its records land in the {@code metrics} table of a fresh SQLite file, its {@code jobs} row moves on,
 * and once the service is unregistered it is never called again.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class SchedulerPersistsMetricsTest {
    private static final long WAIT_MILLIS = 60_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configurationAdmin;

    @InjectService(timeout = 30_000)
    ServiceAware<Storage> storages;

    private final List<ServiceRegistration<?>> registrations = new java.util.ArrayList<>();
    private Path database;

    /** Counts its polls and emits two records each time. */
    static final class TestCollector implements Collector {
        final String name;
        final AtomicInteger calls = new AtomicInteger();

        TestCollector(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void collect(PollContext context) {
            int call = calls.incrementAndGet();
            context.emit("calls", call);
            context.emit("value", 42, Map.of("probe", "itest"));
        }
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        database = Path.of(context.getProperty("goadmin.itest.dir"), UUID.randomUUID().toString(), "goadmin.db");
        update("goadmin.scheduler", "jitter", "0s", "heartbeat", "5s");
        update("goadmin.storage", "path", database.toString());
        await("storage on " + database, () -> {
            Storage storage = storages.getService();
            try {
                return storage != null && database.toString().equals(storage.status().file());
            } catch (RuntimeException e) {
                return false; // the old instance is being deactivated
            }
        });
        await("the scheduler", () -> context.getServiceReference(SchedulerStatus.class) != null);
    }

    @AfterEach
    void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    private void update(String pid, String... keyValues) throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        configuration.update(properties);
    }

    private ServiceRegistration<Collector> register(Collector collector, String interval) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Collector.INTERVAL_PROPERTY, interval);
        ServiceRegistration<Collector> registration = context.registerService(Collector.class, collector, properties);
        registrations.add(registration);
        return registration;
    }

    private Storage storage() {
        return storages.getService();
    }

    private JobState job(String name) {
        return storage().jobStates().stream().filter(job -> job.name().equals(name)).findFirst().orElse(null);
    }

    private List<MetricRecord> metrics(String module) {
        return storage().queryMetrics(Query.builder().module(module).limit(Query.MAX_LIMIT).build());
    }

    @Test
    void pollsAtAShortIntervalAndPersistsRowsAndTheJobState() {
        TestCollector probe = new TestCollector("itest.probe");
        register(probe, "200ms");

        await("rows in metrics", () -> metrics("itest.probe").size() >= 6);
        assertThat(metrics("itest.probe")).extracting(MetricRecord::key).contains("calls", "value");
        assertThat(metrics("itest.probe")).filteredOn(r -> r.key().equals("value"))
                .allSatisfy(r -> assertThat(r.tags()).containsEntry("probe", "itest"));

        await("jobs row", () -> job("collector.itest.probe") != null);
        JobState first = job("collector.itest.probe");
        assertThat(first.kind()).isEqualTo(JobState.KIND_COLLECTOR);
        assertThat(first.intervalMillis()).isEqualTo(200);
        assertThat(first.lastStatus()).isEqualTo("ok");
        await("jobs row updated", () -> {
            JobState now = job("collector.itest.probe");
            return now.runCount() > first.runCount() && now.lastRunTs() > first.lastRunTs();
        });
        assertThat(job("collector.itest.probe").recordCount()).isPositive();

        SchedulerStatus status = context.getService(context.getServiceReference(SchedulerStatus.class));
        assertThat(status.snapshot().collectors()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("itest.probe");
            assertThat(c.bundle()).isEqualTo("io.goadmin.itests");
        });
    }

    @Test
    void anUnregisteredCollectorIsNeverPolledAgain() {
        TestCollector leaving = new TestCollector("itest.leaving");
        TestCollector staying = new TestCollector("itest.staying");
        ServiceRegistration<Collector> registration = register(leaving, "200ms");
        register(staying, "200ms");
        await("both polled", () -> leaving.calls.get() >= 2 && staying.calls.get() >= 2);

        registration.unregister();
        registrations.remove(registration);
        SchedulerStatus status = context.getService(context.getServiceReference(SchedulerStatus.class));
        await("no poll in flight", () -> status.snapshot().activeWorkers() == 0 && status.snapshot().queueSize() == 0);
        int callsAtRemoval = leaving.calls.get(); // a poll that had begun before the unregistration may have run
        int stayingAtRemoval = staying.calls.get();
        await("three more polls of the other", () -> staying.calls.get() >= stayingAtRemoval + 3);
        assertThat(leaving.calls.get()).isEqualTo(callsAtRemoval);

        await("audit of the removal", () -> storage().queryAuditEvents(new AuditQuery("goadmin", "collector.removed",
                0, 100)).stream().anyMatch(e -> e.payloadJson().contains("itest.leaving")));
        List<AuditEvent> added = storage().queryAuditEvents(new AuditQuery("goadmin", "collector.added", 0, 100));
        assertThat(added).anySatisfy(e -> {
            assertThat(e.source()).isEqualTo(AuditEvent.SOURCE_SYSTEM);
            assertThat(e.payloadJson()).contains("\"collector\":\"itest.leaving\"")
                    .contains("\"bundle\":\"io.goadmin.itests\"");
        });
    }

    @Test
    void switchedOffByConfigurationWhileTheDaemonStaysUp() throws Exception {
        TestCollector probe = new TestCollector("itest.switch");
        register(probe, "200ms");
        await("polled", () -> probe.calls.get() >= 1);

        update("goadmin.scheduler", "jitter", "0s", "heartbeat", "5s", "enabled", "false");
        SchedulerStatus status = context.getService(context.getServiceReference(SchedulerStatus.class));
        await("switched off", () -> !status.snapshot().enabled() && status.snapshot().activeWorkers() == 0);

        update("goadmin.scheduler", "jitter", "0s", "heartbeat", "5s");
        await("switched on", () -> status.snapshot().enabled());
        int calls = probe.calls.get();
        await("polled again", () -> probe.calls.get() >= calls + 2);
    }

    @Test
    void aBadStorageValueKeepsStorageAndPollingGoing() throws Exception {
        TestCollector probe = new TestCollector("itest.typo");
        register(probe, "200ms");
        await("polled", () -> metrics("itest.typo").size() >= 2);
        Storage before = storage();

        update("goadmin.storage", "path", database.toString(), "retention.metrics", "ten minutes");
        int stored = metrics("itest.typo").size();
        await("more records stored after the typo", () -> metrics("itest.typo").size() >= stored + 4);
        assertThat(storage()).as("the same storage instance").isSameAs(before);

        update("goadmin.storage", "path", database.toString(), "retention.metrics", "2h");
        await("the fixed value applied live", () -> storage().status().retention().metricsMaxAgeMillis()
                == 7_200_000);
        assertThat(storage()).isSameAs(before);
    }

    private static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("gave up waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }
}
