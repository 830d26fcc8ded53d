package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * A collector bundle copied into deploy/ of a running daemon is polled; removed, it is no longer polled. A file that
 * is not a bundle, or a bundle that cannot resolve, is reported in one line and the daemon goes on.
 */
class HotDeployTest {

    @Test
    void pollsADroppedInCollectorAndStopsWhenItIsRemoved() throws Exception {
        Path example = exampleCollectorJar();
        Path home = Homes.fresh("hot-deploy");
        Daemon.configure(home, Map.of("goadmin.scheduler", "interval = 1s\njitter = 0s\nheartbeat = 5s\n"));
        try (Daemon daemon = Daemon.start(home)) {
            daemon.awaitLine("goadmin ready", Duration.ofSeconds(60));
            Path dropped = home.resolve("deploy/example-collector.jar");
            Files.copy(example, dropped);

            daemon.awaitLine("collector added: example", Duration.ofSeconds(30));
            Daemon.await("example metrics", Duration.ofSeconds(30),
                    () -> Daemon.queryLong(daemon.database(), "select count(*) from metrics where module = 'example'") > 0);

            Files.delete(dropped);
            daemon.awaitLine("collector removed: example", Duration.ofSeconds(30));
            Thread.sleep(1500); // let a poll that was already running finish before counting
            long afterRemoval = Daemon.queryLong(daemon.database(), "select count(*) from metrics where module = 'example'");
            Thread.sleep(3000);
            assertThat(Daemon.queryLong(daemon.database(), "select count(*) from metrics where module = 'example'"))
                    .as("no polls after removal").isEqualTo(afterRemoval);
            assertThat(Daemon.queryLong(daemon.database(),
                    "select count(*) from audit_events where action = 'bundle.installed' and source = 'system'")).isEqualTo(1);
            assertThat(Daemon.queryLong(daemon.database(),
                    "select count(*) from audit_events where action = 'bundle.uninstalled' and source = 'system'")).isEqualTo(1);

            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
        }
    }

    @Test
    void reportsAFileThatIsNotABundleAndABundleThatCannotResolveInOneLineEach() throws Exception {
        Path home = Homes.fresh("hot-deploy-broken");
        Daemon.configure(home, Map.of("goadmin.scheduler", "interval = 1s\njitter = 0s\nheartbeat = 2s\n"));
        try (Daemon daemon = Daemon.start(home)) {
            daemon.awaitLine("goadmin ready", Duration.ofSeconds(60));

            Path broken = home.resolve("deploy/broken.jar");
            Files.writeString(broken, "this is not a jar");
            daemon.awaitLine("WARN .*hot deploy: " + Pattern.quote(broken.toString())
                    + " is not an OSGi bundle \\(not a jar \\(zip\\) file\\)", Duration.ofSeconds(30));

            Path unresolvable = home.resolve("deploy/needs-missing.jar");
            writeBundle(unresolvable, "com.example.needs.missing", "org.example.missing;version=\"[1.0,2)\"");
            daemon.awaitLine("WARN .*hot deploy: " + Pattern.quote(unresolvable.toString())
                    + " \\(com.example.needs.missing 1.0.0\\) cannot start: it needs package org.example.missing "
                    + "\\[1.0.0,2.0.0\\)", Duration.ofSeconds(30));
            Daemon.await("the audit event", Duration.ofSeconds(10), () -> Daemon.queryLong(daemon.database(),
                    "select count(*) from audit_events where action = 'bundle.installed' and status = 'error'"
                            + " and payload_json like '%org.example.missing%'") == 1);
            assertThat(Daemon.queryLong(daemon.database(),
                    "select count(*) from audit_events where action = 'bundle.installed' and status = 'ok'")).isZero();

            // The daemon goes on: polls are stored after both files were dropped.
            int mark = daemon.mark();
            daemon.awaitLine(" heartbeat ", Duration.ofSeconds(30), mark);
            long records = daemon.lastHeartbeat("records");
            daemon.awaitLine(" heartbeat ", Duration.ofSeconds(30), daemon.mark());
            assertThat(daemon.lastHeartbeat("records")).isGreaterThan(records);
            assertThat(daemon.log()).as("one line each, not the resolver's raw text")
                    .doesNotContain("Unable to resolve").doesNotContain("\tat ");

            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
        }
    }

    private static void writeBundle(Path jar, String symbolicName, String importPackage) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        manifest.getMainAttributes().putValue("Import-Package", importPackage);
        // Written beside deploy/ and moved in whole, so FileInstall never sees half a jar.
        Path partial = jar.getParent().resolveSibling(jar.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(partial); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole bundle
        }
        Files.move(partial, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path exampleCollectorJar() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("io.goadmin.collector.example") && entry.endsWith(".jar"))
                .map(Path::of)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the example collector jar is not on the test class path"));
    }
}
