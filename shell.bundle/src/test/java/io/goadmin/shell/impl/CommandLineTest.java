package io.goadmin.shell.impl;

import static io.goadmin.shell.impl.Fixtures.ALICE_CLI;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.goadmin.shell.client.CommandHelp;
import io.goadmin.shell.client.Protocol;
import io.goadmin.shell.impl.Fixtures.Lines;
import io.goadmin.shell.impl.Fixtures.TestLog;

/** The socket front end's parsing: option forms, repeats, positional counts, help. */
class CommandLineTest {
    private final FakeStorage storage = new FakeStorage();
    private final CommandLine commandLine = new CommandLine(Fixtures.commands(storage, new TestLog()), CommandLine.CLI);

    private Lines run(int expectedStatus, String... argv) {
        Lines lines = new Lines();
        assertThat(commandLine.run(ALICE_CLI, List.of(argv), lines)).as(lines.stderr()).isEqualTo(expectedStatus);
        return lines;
    }

    @Test
    void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() {
        run(Protocol.EXIT_OK, "purge", "--older-than=7d", "--module", "cpu");

        assertThat(storage.lastPurge.module()).isEqualTo("cpu");
        assertThat(storage.lastPurge.olderThan().toDays()).isEqualTo(7);
    }

    @Test
    void theScopePrefixIsAccepted() {
        assertThat(run(Protocol.EXIT_OK, "goadmin:status").stdout()).startsWith("goadmin 0.2.0.test");
    }

    @Test
    void tagRepeatsOtherOptionsDoNot() {
        run(Protocol.EXIT_OK, "query", "cpu", "--tag", "cpu=0", "--tag=mode=user");
        assertThat(storage.lastQuery.tags()).containsOnlyKeys("cpu", "mode");

        assertThat(run(Protocol.EXIT_USAGE, "query", "cpu", "--since", "1h", "--since", "2h").stderr())
                .startsWith("error: --since is given twice; usage: goadmin query MODULE [KEY]");
    }

    @Test
    void syntaxErrorsAreUsageErrorsWithTheUsageAndRunNothing() {
        assertThat(run(Protocol.EXIT_USAGE, "status", "--json=yes").stderr()).startsWith("error: --json takes no value");
        assertThat(run(Protocol.EXIT_USAGE, "purge", "--module").stderr()).startsWith("error: --module needs a value");
        assertThat(run(Protocol.EXIT_USAGE, "backup").stderr()).startsWith("error: missing arguments");
        assertThat(run(Protocol.EXIT_USAGE, "backup", "/a", "/b").stderr()).startsWith("error: unexpected argument '/b'");
        assertThat(run(Protocol.EXIT_USAGE, "query", "cpu", "--module", "cpu").stderr())
                .startsWith("error: give the module and key either as --module/--key or as arguments");
        assertThat(run(Protocol.EXIT_USAGE).stderr()).startsWith("error: no command given");
        assertThat(storage.audit).as("nothing ran, nothing to audit").isEmpty();
        assertThat(storage.lastPurge).isNull();
    }

    @Test
    void doubleDashEndsOptions() {
        run(Protocol.EXIT_OK, "backup", "--json", "--", "/srv/-odd-name.db");

        assertThat(storage.audit.get(0).payloadJson()).isEqualTo("{\"file\":\"/srv/-odd-name.db\"}");
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(CommandHelp.names()).containsExactlyElementsOf(GoadminCommands.NAMES);
        for (String name : GoadminCommands.NAMES) {
            assertThat(run(Protocol.EXIT_OK, name, "--help").stdout()).startsWith("usage: goadmin " + name + " ");
        }
    }

    @Test
    void helpPrintsTheUsageAndEachOptionAndRunsNothing() {
        Lines help = run(Protocol.EXIT_OK, "audit", "--help");

        assertThat(help.out.get(0))
                .isEqualTo("usage: goadmin audit [--subject USER] [--action ACTION] [--since AGE|TIME] [--limit N] [--json]");
        assertThat(help.out).contains("Shows recent audit events, newest first.")
                .anySatisfy(line -> assertThat(line).matches("  --limit N +the most events to show \\(default 50\\)"));
        assertThat(storage.audit).as("help reads no audit data").isEmpty();
    }
}
