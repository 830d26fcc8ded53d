package io.goadmin.shell.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.annotation.Annotation;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.json.Json;
import io.goadmin.shell.client.CliRunner;
import io.goadmin.shell.client.Protocol;
import io.goadmin.shell.impl.Fixtures.TestLog;

/** The real control socket in a private temporary home, with fakes behind the commands, driven by the real CLI. */
class ControlSocketTest {
    private static final String USER = subject();

    private final FakeStorage storage = new FakeStorage();
    private final TestLog log = new TestLog();
    private final List<ControlSocket> started = new ArrayList<>();
    private Path home;
    private Path socket;

    @BeforeEach
    void createHome() throws IOException {
        // Unix socket paths must stay short, so not a deeply nested @TempDir.
        home = Files.createTempDirectory(Path.of("/tmp"), "gs");
        socket = home.resolve("run/goadmin.sock");
    }

    @AfterEach
    void stopAndClean() throws IOException {
        started.forEach(ControlSocket::deactivate);
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private ControlSocket start(int maxConnections, String maxRequest, String timeout) {
        ControlSocket control = new ControlSocket(config("", maxConnections, maxRequest, timeout),
                name -> name.equals("goadmin.home") ? home.toString() : null, Fixtures.commands(storage, log),
                log.logger());
        started.add(control);
        return control;
    }

    private ControlSocket start() {
        return start(8, "64KB", "5s");
    }

    static ControlSocket.Config config(String path, int maxConnections, String maxRequest, String timeout) {
        return new ControlSocket.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ControlSocket.Config.class;
            }

            @Override
            public String socket_path() {
                return path;
            }

            @Override
            public int max_connections() {
                return maxConnections;
            }

            @Override
            public String max_request_bytes() {
                return maxRequest;
            }

            @Override
            public String read_timeout() {
                return timeout;
            }
        };
    }

    private CliRunner.Result cli(String... args) {
        List<String> argv = new ArrayList<>(List.of("--home", home.toString()));
        argv.addAll(List.of(args));
        return CliRunner.run(argv);
    }

    /** Sends raw bytes as a client would and returns every line the daemon answers. */
    private List<String> raw(byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap(request));
            BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            // Stop at the status line: a daemon that refused early may reset the connection after it.
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                if (line.startsWith(Protocol.EXIT)) {
                    break;
                }
            }
            return lines;
        }
    }

    @Test
    void statusThroughTheCli() {
        start();

        CliRunner.Result result = cli("status");

        assertThat(result.status()).isEqualTo(Protocol.EXIT_OK);
        assertThat(result.out()).startsWith("goadmin 0.2.0.test, up 2h").contains("cpu ").contains("audit_events");
        assertThat(result.err()).isEmpty();

        CliRunner.Result json = cli("status", "--json");
        assertThat(Json.readTree(json.out()).at("/storage/schemaVersion").asText()).isEqualTo("3");
    }

    @Test
    void theSocketIsOwnerOnlyInAPrivateDirectory() throws IOException {
        start();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(socket.getParent())) {
            assertThat(files).as("no staging directory left behind").containsExactly(socket);
        }
    }

    @Test
    void withoutADaemonTheCliSaysHowToStartIt() {
        CliRunner.Result result = cli("status");

        assertThat(result.status()).isEqualTo(Protocol.EXIT_NOT_RUNNING);
        assertThat(result.err()).isEqualTo("goadmin is not running (no socket at " + socket
                + "); start it with: goadmin serve --home " + home + "\n");
    }

    @Test
    void aDaemonWhoseSocketIsNotListeningIsNotCalledNotRunning() throws Exception {
        // A stand-in for the daemon: a live process whose command line names this home, as the JVM's does.
        Process daemon = new ProcessBuilder("bash", "-c", "sleep 600; :", Protocol.HOME_ARGUMENT + home).start();
        try {
            Files.createDirectories(socket.getParent());
            Files.writeString(home.resolve(Protocol.PID_FILE), daemon.pid() + "\n");

            CliRunner.Result result = cli("status");

            assertThat(result.status()).isEqualTo(Protocol.EXIT_ERROR);
            assertThat(result.err()).startsWith("goadmin is running (pid " + daemon.pid() + ") but its control socket "
                    + socket + " is not listening; see the daemon log (a bad value in etc/goadmin.shell.cfg?")
                    .doesNotContain("goadmin serve");
        } finally {
            daemon.destroy();
            daemon.waitFor();
        }
        assertThat(cli("status").status()).as("the pid file is stale").isEqualTo(Protocol.EXIT_NOT_RUNNING);

        Files.writeString(home.resolve(Protocol.PID_FILE), ProcessHandle.current().pid() + "\n");
        assertThat(cli("status").status()).as("a live process, but not a daemon of this home")
                .isEqualTo(Protocol.EXIT_NOT_RUNNING);
    }

    @Test
    void commandHelpIsAnsweredWithoutTheDaemon() {
        CliRunner.Result help = cli("query", "cpu", "--help");

        assertThat(help.status()).isEqualTo(Protocol.EXIT_OK);
        assertThat(help.out()).startsWith("usage: goadmin query MODULE [KEY]").contains("--since AGE|TIME");
        assertThat(CliRunner.run(List.of("goadmin:purge", "-h")).out()).as("no home needed either")
                .startsWith("usage: goadmin purge");
        assertThat(cli("backup", "--", "--help").status()).as("after --, a file name")
                .isEqualTo(Protocol.EXIT_NOT_RUNNING);
    }

    @Test
    void aStaleSocketMeansNotRunningAndIsReplacedAtStart() throws IOException {
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();

        assertThat(cli("status").status()).isEqualTo(Protocol.EXIT_NOT_RUNNING);

        start();
        assertThat(cli("status").status()).isEqualTo(Protocol.EXIT_OK);
        assertThat(log.all()).contains("removed the stale control socket");
    }

    @Test
    void aSecondDaemonOnTheSameSocketIsRefused() {
        start();

        assertThatThrownBy(this::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another goadmin daemon is already listening on " + socket);
        assertThat(cli("status").status()).as("the first one still serves").isZero();
    }

    @Test
    void aFileInTheWayIsNotDeleted() throws IOException {
        Files.createDirectories(socket.getParent());
        Files.writeString(socket, "precious");

        assertThatThrownBy(this::start).hasMessageContaining("exists and is not a socket");
        assertThat(socket).hasContent("precious");
    }

    @Test
    void purgeThroughTheCliIsAuditedWithThePeerAsSubject() {
        start();

        CliRunner.Result result = cli("purge", "--older-than", "7d", "--dry-run");

        assertThat(result.status()).isZero();
        assertThat(result.out()).startsWith("dry run: would remove 1000 metric rows");
        assertThat(result.err()).contains("purge: metrics 1000 of 1000 (100%)");
        AuditEvent event = storage.audit.get(0);
        assertThat(event.subject()).isEqualTo(USER);
        assertThat(event.source()).isEqualTo(AuditEvent.SOURCE_CLI);
        assertThat(event.action()).isEqualTo("purge");
        assertThat(result.out()).contains("request " + event.requestId());
    }

    @Test
    void everyCommandAnswersThroughTheCli() {
        start();

        assertThat(cli("collectors").out()).contains("io.goadmin.collector.disk [13]");
        assertThat(cli("goadmin:query", "cpu", "usage", "--tag", "cpu=0", "--tag", "mode=user", "--since", "5m")
                .out()).isEqualTo("no points match\n");
        assertThat(storage.lastQuery.tags()).containsEntry("cpu", "0").containsEntry("mode", "user");
        assertThat(cli("query", "--module", "mem", "--key", "used", "--since", "15m").status()).isZero();
        assertThat(storage.lastQuery.module()).isEqualTo("mem");
        assertThat(storage.lastQuery.key()).isEqualTo("used");
        assertThat(cli("audit", "--limit", "5").status()).isZero();
        assertThat(storage.audit).last().extracting(AuditEvent::action).isEqualTo("audit.read");
    }

    @Test
    void aRelativeBackupFileIsTakenFromTheCallersDirectory() {
        start();

        CliRunner.Result result = cli("backup", "copy.db");

        assertThat(result.status()).isZero();
        String expected = Path.of("copy.db").toAbsolutePath().toString();
        assertThat(result.out()).startsWith("backup written to " + expected);
        assertThat(storage.audit.get(0).payloadJson()).contains(expected);
    }

    @Test
    void usageErrorsAreExitStatusTwo() {
        start();

        CliRunner.Result result = cli("purge", "--older", "7d");

        assertThat(result.status()).isEqualTo(Protocol.EXIT_USAGE);
        assertThat(result.err()).isEqualTo("error: unknown option --older; usage: goadmin purge [--older-than AGE]"
                + " [--module MODULE] [--dry-run] [--json]\n");
        assertThat(cli("query").status()).isEqualTo(Protocol.EXIT_USAGE);
        assertThat(cli("purge", "--help").out()).startsWith("usage: goadmin purge");
    }

    @Test
    void onlyGoadminCommandsAreReachableAndRefusalsAreAudited() {
        start();

        for (String command : List.of("felix:lb", "scr:list", "lb", "each [1 2] { echo $it }")) {
            CliRunner.Result result = cli(command);
            assertThat(result.status()).isEqualTo(Protocol.EXIT_USAGE);
            assertThat(result.err()).contains("is not available through the control socket");
        }

        assertThat(storage.audit).hasSize(4).allSatisfy(event -> {
            assertThat(event.action()).isEqualTo("denied");
            assertThat(event.status()).isEqualTo(AuditEvent.STATUS_DENIED);
            assertThat(event.source()).isEqualTo(AuditEvent.SOURCE_CLI);
            assertThat(event.subject()).isEqualTo(USER);
        });
        assertThat(storage.audit.get(0).payloadJson()).isEqualTo("{\"command\":\"felix:lb\"}");
    }

    @Test
    void anOversizedRequestIsRefusedAndAudited() throws IOException {
        start(8, "1KB", "5s");
        byte[] request = ("goadmin/1 status " + "x".repeat(2000) + "\n").getBytes(StandardCharsets.UTF_8);

        List<String> reply = raw(request);

        assertThat(reply).containsExactly(
                "err error: the request is larger than 1024 bytes (max.request.bytes) (request "
                        + storage.audit.get(0).requestId() + ")",
                "exit 2");
        assertThat(storage.audit.get(0).status()).isEqualTo(AuditEvent.STATUS_DENIED);
        assertThat(cli("status").status()).as("the daemon is unharmed").isZero();
    }

    @Test
    void garbageIsRefusedAndAudited() throws IOException {
        start();

        List<String> reply = raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.get(0)).startsWith("err error: the request is not a goadmin/1 request line");
        assertThat(reply).last().isEqualTo("exit 2");
        assertThat(raw("goadmin/1 %zz\n".getBytes(StandardCharsets.UTF_8))).last().isEqualTo("exit 2");
        assertThat(storage.audit).hasSize(2).allSatisfy(event -> assertThat(event.action()).isEqualTo("denied"));
        assertThat(cli("status").status()).isZero();
    }

    @Test
    void concurrentClientsAreAllServed() throws Exception {
        start();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Callable<CliRunner.Result>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(i % 2 == 0 ? () -> cli("status", "--json") : () -> cli("purge", "--dry-run", "--json"));
            }
            for (Future<CliRunner.Result> result : clients.invokeAll(calls)) {
                assertThat(result.get().status()).isZero();
                assertThat(Json.readTree(result.get().out()).isObject()).isTrue();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(storage.audit).hasSize(4);
    }

    @Test
    void aSilentClientDoesNotBlockOthers() throws IOException {
        start(2, "64KB", "1m");
        try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertThat(cli("status").status()).isZero();
            assertThat(silent.isOpen()).isTrue();
        }
    }

    @Test
    void connectionsOverTheLimitAreRefusedPolitely() throws IOException {
        start(1, "64KB", "1m");
        try (SocketChannel holder = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            CliRunner.Result result = cli("status");

            assertThat(result.status()).isEqualTo(Protocol.EXIT_ERROR);
            assertThat(result.err()).isEqualTo("error: goadmin is busy: all 1 command slots (max.connections) are in use;"
                    + " try again in a moment\n");
            assertThat(holder.isOpen()).isTrue();
        }
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndFreesItsSlot() throws Exception {
        List<io.goadmin.core.MetricRecord> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(new io.goadmin.core.MetricRecord(Fixtures.NOW - i, "cpu", "usage", i));
        }
        storage.metrics.addAll(many);
        start(1, "64KB", "200ms");
        try (SocketChannel greedy = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            greedy.write(ByteBuffer.wrap("goadmin/1 query cpu --limit 100000\n".getBytes(StandardCharsets.UTF_8)));

            // Never reads: its output stalls, the daemon disconnects it and serves the next client.
            CliRunner.Result result = cli("status");
            for (int attempt = 0; attempt < 3000 && result.err().contains("busy"); attempt++) {
                Thread.sleep(10);
                result = cli("status");
            }
            assertThat(result.status()).as(result.err()).isZero();
        }
    }

    @Test
    void aClientThatSendsNothingIsDisconnectedAfterTheReadTimeout() throws IOException {
        start(8, "64KB", "100ms");
        try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            silent.write(ByteBuffer.wrap("goadmin/1 sta".getBytes(StandardCharsets.UTF_8)));

            assertThat(silent.read(ByteBuffer.allocate(16))).isEqualTo(-1);
        }
        assertThat(cli("status").status()).isZero();
    }

    @Test
    void deactivateStopsEveryThreadAndRemovesTheSocket() throws Exception {
        ControlSocket control = start();
        assertThat(cli("status").status()).isZero();
        SocketChannel open = SocketChannel.open(UnixDomainSocketAddress.of(socket));

        control.deactivate();
        started.clear();

        List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("goadmin-shell-")).toList();
        for (Thread thread : ours) {
            thread.join(10_000);
        }
        assertThat(ours).noneMatch(Thread::isAlive);
        assertThat(socket).doesNotExist();
        assertThat(closedByPeer(open)).as("open connections are closed").isTrue();
        open.close();
        assertThat(cli("status").status()).isEqualTo(Protocol.EXIT_NOT_RUNNING);
    }

    @Test
    void repeatedRestartsLeaveNoThreads() throws Exception {
        for (int cycle = 0; cycle < 10; cycle++) {
            ControlSocket control = start();
            assertThat(cli("status").status()).isZero();
            control.deactivate();
            started.clear();
        }
        List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("goadmin-shell-")).toList();
        for (Thread thread : ours) {
            thread.join(10_000);
        }
        assertThat(ours).noneMatch(Thread::isAlive);
    }

    @Test
    void badConfigurationIsOneClearLineAndNoSocket() {
        assertThatThrownBy(() -> new ControlSocket(config("", 8, "lots", "5s"), name -> home.toString(),
                Fixtures.commands(storage, log), log.logger()))
                .hasMessageStartingWith("max.request.bytes 'lots' is not a size");
        assertThatThrownBy(() -> new ControlSocket(config("", 0, "64KB", "5s"), name -> home.toString(),
                Fixtures.commands(storage, log), log.logger()))
                .hasMessage("max.connections '0' must be from 1 to 64");
        assertThatThrownBy(() -> new ControlSocket(config("", 8, "64KB", "5s"), name -> null,
                Fixtures.commands(storage, log), log.logger()))
                .hasMessageContaining("goadmin.home");
        assertThatThrownBy(() -> new ControlSocket(config("/tmp/" + "x".repeat(120), 8, "64KB", "5s"),
                name -> null, Fixtures.commands(storage, log), log.logger()))
                .hasMessageContaining("longer than 100 bytes");
        assertThat(log.lines).filteredOn(line -> line.startsWith("error")).hasSize(4)
                .allSatisfy(line -> assertThat(line).contains("goadmin.shell").doesNotContain("Exception"));
        assertThat(socket).doesNotExist();
    }

    @Test
    void cliHelpAndUsage() {
        CliRunner.Result help = CliRunner.run(List.of("--help"));
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("status", "purge", "query", "collectors", "audit", "backup FILE",
                "exit status: 0 ok, 1 error, 2 usage, 3 daemon not running");

        assertThat(CliRunner.run(List.of()).status()).isEqualTo(Protocol.EXIT_USAGE);
        assertThat(CliRunner.run(List.of("--bogus")).status()).isEqualTo(Protocol.EXIT_USAGE);
        CliRunner.Result noHome = CliRunner.run(List.of("status"));
        assertThat(noHome.status()).isEqualTo(Protocol.EXIT_USAGE);
        assertThat(noHome.err()).contains("--home DIR");
    }

    /** What the audit log should name us: uid:N(name), from the JDK's view of this process's user. */
    private static String subject() {
        try {
            Path probe = Files.createTempFile("uid", ".probe");
            try {
                return "uid:" + Files.getAttribute(probe, "unix:uid") + "(" + System.getProperty("user.name") + ")";
            } finally {
                Files.delete(probe);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean closedByPeer(SocketChannel channel) {
        try {
            return channel.read(ByteBuffer.allocate(1)) < 0;
        } catch (IOException reset) {
            return true;
        }
    }
}
