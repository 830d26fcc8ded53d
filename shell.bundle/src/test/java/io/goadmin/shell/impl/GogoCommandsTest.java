package io.goadmin.shell.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.json.Json;
import io.goadmin.shell.impl.Fixtures.TestLog;

/** The Gogo front end, run by the real Gogo runtime (without a framework): parameters, output and audit source. */
class GogoCommandsTest {
    private final FakeStorage storage = new FakeStorage();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ThreadIOImpl threadIo;
    private CommandProcessorImpl processor;
    private CommandSession session;

    @BeforeEach
    void startGogo() {
        threadIo = new ThreadIOImpl();
        threadIo.start();
        processor = new CommandProcessorImpl(threadIo);
        processor.addCommand("goadmin", new GogoCommands(Fixtures.commands(storage, new TestLog())));
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err);
    }

    @AfterEach
    void stopGogo() {
        session.close();
        processor.stop();
        threadIo.stop();
    }

    private String run(String command) throws Exception {
        out.reset();
        err.reset();
        session.execute(command);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusAsTableAndJson() throws Exception {
        assertThat(run("goadmin:status")).startsWith("goadmin 0.2.0.test, up 2h");
        assertThat(Json.readTree(run("status --json")).get("uptimeMillis").asLong()).isEqualTo(7_200_000);
    }

    @Test
    void purgeWithFlagsIsAuditedFromTheShell() throws Exception {
        String output = run("goadmin:purge --older-than 7d --module cpu --dry-run");

        assertThat(output).startsWith("dry run: would remove 1000 metric rows");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("purge: metrics 1000 of 1000 (100%)");
        assertThat(storage.lastPurge.module()).isEqualTo("cpu");
        assertThat(storage.lastPurge.dryRun()).isTrue();
        AuditEvent event = storage.audit.get(0);
        assertThat(event.source()).isEqualTo(AuditEvent.SOURCE_SHELL);
        assertThat(event.subject()).matches("uid:\\d+\\(" + System.getProperty("user.name") + "\\)");
        assertThat(output).contains("request " + event.requestId());
    }

    @Test
    void anErrorIsOneLineWithoutAStackTrace() throws Exception {
        assertThat(run("goadmin:purge --older-than soon")).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: --older-than 'soon' is not a duration")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void queryWithOneOrTwoPositionalArguments() throws Exception {
        assertThat(run("goadmin:query cpu --since 5m")).isEqualTo("no points match\n");
        assertThat(storage.lastQuery.key()).isNull();

        run("goadmin:query --tag cpu=0,mode=user --step 1m --agg max cpu usage");
        assertThat(storage.lastQuery.key()).isEqualTo("usage");
        assertThat(storage.lastQuery.tags()).containsEntry("cpu", "0").containsEntry("mode", "user");

        run("goadmin:query --module mem --key used --json");
        assertThat(storage.lastQuery.module()).isEqualTo("mem");
        assertThat(storage.lastQuery.key()).isEqualTo("used");

        assertThat(run("goadmin:query --module mem cpu")).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: give the module and key either");
    }

    @Test
    void collectorsAuditAndBackup() throws Exception {
        assertThat(run("goadmin:collectors")).contains("io.goadmin.collector.cpu [12]");
        assertThat(run("goadmin:audit --action purge --limit 5")).contains("no audit events match");
        assertThat(run("goadmin:backup /var/backups/g.db")).startsWith("backup written to /var/backups/g.db");
        assertThat(storage.audit).extracting(AuditEvent::action).containsExactly("audit.read", "backup");
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWrongWordIsAUsageErrorNotACoercionError() throws Exception {
        assertThat(run("goadmin:status --bogus")).isEmpty();
        assertThat(errors()).isEqualTo("error: unknown option --bogus; usage: goadmin:status [--json]\n");

        assertThat(run("goadmin:backup")).isEmpty();
        assertThat(errors()).startsWith("error: missing arguments; usage: goadmin:backup FILE [--json]")
                .doesNotContain("coerce");

        run("goadmin:purge --older-than");
        assertThat(errors()).startsWith("error: --older-than needs a value; usage: goadmin:purge");
        assertThat(storage.audit).as("nothing ran").isEmpty();
    }

    @Test
    void helpExplainsTheCommandAndRunsNothing() throws Exception {
        assertThat(run("goadmin:query --help")).startsWith("usage: goadmin:query MODULE [KEY]")
                .contains("usage_user_percent").contains("--rate");
        assertThat(errors()).isEmpty();
        assertThat(storage.lastQuery).isNull();

        assertThat(run("goadmin:purge -h")).startsWith("usage: goadmin:purge [--older-than AGE]")
                .containsPattern("\n  --dry-run +only count what would be removed\n");
        assertThat(storage.lastPurge).isNull();
    }

    @Test
    void tagsRepeatAsOnTheCommandLine() throws Exception {
        run("goadmin:query disk used_bytes --tag path=/var --tag fstype=ext4");

        assertThat(storage.lastQuery.tags()).containsEntry("path", "/var").containsEntry("fstype", "ext4");
    }

    @Test
    void aRelativeBackupFileIsTakenFromTheConsolesDirectory() throws Exception {
        run("goadmin:backup copy.db");

        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("backup written to "
                + Path.of("copy.db").toAbsolutePath());
    }

    @Test
    void everyFunctionAndParameterIsDescribed() {
        for (Method method : GogoCommands.class.getDeclaredMethods()) {
            if (!java.lang.reflect.Modifier.isPublic(method.getModifiers())) {
                continue;
            }
            assertThat(method.getAnnotation(Descriptor.class)).as(method.getName()).isNotNull();
            Arrays.stream(method.getParameters()).filter(p -> p.getType() != CommandSession.class)
                    .forEach((Parameter p) -> assertThat(p.getAnnotation(Descriptor.class))
                            .as(method.getName() + " " + p.getName()).isNotNull());
        }
    }
}
