package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.Query;

/** The DS component built by hand: configuration parsing, the home layout, refusals as one log line, clean stop. */
class StorageComponentTest {
    @TempDir
    Path home;
    private final List<String> logged = new CopyOnWriteArrayList<>();

    @Test
    void defaultsPutTheDatabaseUnderHomeAndDeactivateLeavesNoThread() throws Exception {
        StorageComponent component = new StorageComponent(context(home.toString()), config(Map.of()), logger());
        component.saveMetric(new MetricRecord(1, "cpu", "usage", 1));
        assertThat(component.queryMetrics(Query.builder().build())).hasSize(1);
        assertThat(component.status().file()).isEqualTo(home.resolve("data/goadmin.db").toString());

        component.deactivate();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("tmp"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data"))))
                .isEqualTo("rwx------");
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().startsWith("goadmin-storage") && thread.isAlive());
        assertThat(logged).noneMatch(line -> line.startsWith("ERROR") || line.startsWith("WARN"));
    }

    @Test
    void aBadValueNamesThePidThePropertyAndTheFormInOneLine() {
        assertThatThrownBy(() -> new StorageComponent(context(home.toString()),
                config(Map.of("retention_metrics", "thirty days")), logger()))
                .isInstanceOf(StorageRefusedException.class);

        assertThat(logged).singleElement().satisfies(line -> assertThat(line).startsWith("ERROR configuration "
                + "goadmin.storage: retention.metrics 'thirty days' is not a duration").contains("30d")
                .doesNotContain("\n").doesNotContain("Exception"));
    }

    @Test
    void anEditedConfigurationAppliesItsPolicyLiveAndABadValueKeepsTheRunningOne() {
        StorageComponent component = new StorageComponent(context(home.toString()), config(Map.of()), logger());
        try {
            component.modified(config(Map.of("retention_metrics", "2h", "max_size", "2GB")));
            assertThat(component.status().retention().metricsMaxAgeMillis()).isEqualTo(7_200_000);
            assertThat(component.status().retention().maxDatabaseBytes()).isEqualTo(2L << 30);

            component.modified(config(Map.of("retention_metrics", "10m")));
            assertThat(logged).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("ERROR configuration goadmin.storage: retention.metrics").contains("10m")
                    .endsWith("; keeping the running configuration"));
            assertThat(component.status().retention().metricsMaxAgeMillis()).as("kept").isEqualTo(7_200_000);
            component.saveMetric(new MetricRecord(1, "cpu", "usage", 1)); // still open and writing

            Path other = home.resolve("other/goadmin.db");
            component.modified(config(Map.of("path", other.toString(), "synchronous", "FULL")));
            assertThat(component.status().file()).as("moved to the new file").isEqualTo(other.toString());
            component.saveMetric(new MetricRecord(2, "cpu", "usage", 2));
            assertThat(component.queryMetrics(Query.builder().build())).hasSize(1);
            component.modified(config(Map.of("path", other.toString(), "synchronous", "NORMAL")));
            component.saveMetric(new MetricRecord(4, "cpu", "usage", 4)); // the same file, closed and opened again
            assertThat(component.queryMetrics(Query.builder().build())).hasSize(2);

            logged.clear();
            component.modified(config(Map.of("path", "/tmp/goadmin-unsafe.db")));
            assertThat(logged).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("ERROR storage path /tmp/goadmin-unsafe.db is under /tmp")
                    .endsWith("; keeping the running database " + other));
            assertThat(component.status().file()).as("still the running file").isEqualTo(other.toString());
            component.saveMetric(new MetricRecord(3, "cpu", "usage", 3));
        } finally {
            component.deactivate();
        }
    }

    @Test
    void anUnsafePathIsRefusedWithOneLine() {
        assertThatThrownBy(() -> new StorageComponent(context(home.toString()),
                config(Map.of("path", "/tmp/goadmin.db")), logger())).isInstanceOf(StorageRefusedException.class);

        assertThat(logged).singleElement().satisfies(line -> assertThat(line)
                .startsWith("ERROR storage path /tmp/goadmin.db is under /tmp, which every user can write"));
    }

    @Test
    void withoutHomeThePathMustBeGiven() {
        assertThatThrownBy(() -> StorageComponent.settings(config(Map.of()), null))
                .isInstanceOf(StorageRefusedException.class).hasMessageContaining("goadmin.home is not set");
        StorageSettings settings = StorageComponent.settings(config(Map.of("path", home + "/x/goadmin.db",
                "synchronous", "full", "max_size", "2GB")), null);
        assertThat(settings.tmpDir()).isEqualTo(home.resolve("x/tmp"));
        assertThat(settings.synchronous()).isEqualTo("FULL");
        assertThat(settings.maxDatabaseBytes()).isEqualTo(2L << 30);
        assertThatThrownBy(() -> StorageComponent.settings(config(Map.of("synchronous", "OFF")), home.toString()))
                .isInstanceOf(StorageRefusedException.class).hasMessageContaining("use NORMAL or FULL");
    }

    private static BundleContext context(String home) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if ("getProperty".equals(method.getName())) {
                        return StorageComponent.HOME_PROPERTY.equals(args[0]) ? home : null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The configuration annotation with its defaults, except {@code values} (keyed by method name). */
    private static StorageComponent.Config config(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>(values);
        return (StorageComponent.Config) Proxy.newProxyInstance(StorageComponent.Config.class.getClassLoader(),
                new Class<?>[] {StorageComponent.Config.class}, (proxy, method, args) -> copy.containsKey(
                        method.getName()) ? copy.get(method.getName()) : method.getDefaultValue());
    }

    /** An OSGi Logger that keeps "LEVEL message" lines; a Throwable argument would show up in the line. */
    private Logger logger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("is")) {
                        return true;
                    }
                    if (List.of("trace", "debug", "info", "warn", "error", "audit").contains(name)) {
                        StringBuilder line = new StringBuilder(name.toUpperCase(java.util.Locale.ROOT));
                        for (Object arg : args) {
                            line.append(' ').append(arg);
                        }
                        if (!"DEBUG".equals(line.substring(0, 5)) && !line.toString().startsWith("INFO")
                                && !line.toString().startsWith("TRACE")) {
                            logged.add(line.toString());
                        }
                        return null;
                    }
                    if ("getName".equals(name)) {
                        return "test";
                    }
                    throw new UnsupportedOperationException(name);
                });
    }
}
