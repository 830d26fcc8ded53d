package io.goadmin.shell.impl;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.log.Logger;

import io.goadmin.core.AuditEvent;
import io.goadmin.shell.client.Protocol;

/**
 * The control socket: a Unix domain socket, owner-only, served by one accept thread and a small fixed pool (one
 * thread per allowed connection). A client gets {@code readTimeout} to send its request and to take each line of
 * output; requests over {@code maxRequestBytes} and connections over {@code maxConnections} are refused with a
 * message. {@link #close()} stops every thread it started, with a bound, and removes the socket file.
 */
final class SocketServer implements Closeable {
    /** Longest socket path the kernel accepts, in bytes, less a margin for the staging directory. */
    static final int PATH_MAX = 100;
    private static final long STOP_MILLIS = 2000;
    private static final int BACKLOG = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the daemon configured: where to listen and the limits. */
    record Settings(Path socket, int maxConnections, int maxRequestBytes, Duration readTimeout) {
    }

    private final Settings settings;
    private final CommandLine commandLine;
    private final GoadminCommands commands;
    private final Logger log;
    private final ServerSocketChannel server;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final PeerIdentity peers;

    private SocketServer(Settings settings, GoadminCommands commands, Logger log, ServerSocketChannel server) {
        this.settings = settings;
        this.commands = commands;
        this.commandLine = new CommandLine(commands, CommandLine.CLI);
        this.log = log;
        this.server = server;
        this.slots = new Semaphore(settings.maxConnections());
        this.workers = Executors.newFixedThreadPool(settings.maxConnections(), named("goadmin-shell-client-"));
        ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1, named("goadmin-shell-timer-"));
        timeouts.setRemoveOnCancelPolicy(true);
        this.timer = timeouts;
        this.acceptor = named("goadmin-shell-accept").newThread(this::acceptLoop);
        this.peers = PeerIdentity.forSocket(settings.socket());
    }

    /**
     * Listens on {@code settings.socket()} and starts serving.
     *
     * @throws IOException if the socket cannot be created; the message says why and what to do
     */
    static SocketServer start(Settings settings, GoadminCommands commands, Logger log) throws IOException {
        SocketServer server = new SocketServer(settings, commands, log, bind(settings.socket(), log));
        server.acceptor.start();
        return server;
    }

    /**
     * Binds the socket with owner-only permissions and no window in which others could connect: it is bound in a
     * fresh private (0700) directory, set to 0600, then moved into place.
     */
    private static ServerSocketChannel bind(Path socket, Logger log) throws IOException {
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > PATH_MAX) {
            throw new IOException("the socket path " + socket + " is longer than " + PATH_MAX
                    + " bytes, more than Unix sockets allow: set socket.path to a shorter path");
        }
        Path directory = socket.toAbsolutePath().getParent();
        if (directory == null) {
            throw new IOException("the socket path " + socket + " names no file: set socket.path to a file path");
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        removeStale(socket, log);
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        Path staging = Files.createDirectory(directory.resolve(".goadmin-" + HexFormat.of().formatHex(random)),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path staged = staging.resolve("s");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(staged), BACKLOG);
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
            Files.move(staged, socket, StandardCopyOption.ATOMIC_MOVE);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(staged);
            throw e;
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    /** Removes a socket file left by a daemon that died, refusing if a daemon still answers or it is no socket. */
    private static void removeStale(Path socket, Logger log) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return;
        }
        if (!attributes.isOther()) {
            throw new IOException(socket + " exists and is not a socket: move it away or set socket.path elsewhere");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new IOException("another goadmin daemon is already listening on " + socket + ": stop it first");
        } catch (ConnectException nobodyAnswers) {
            Files.deleteIfExists(socket);
            log.info("removed the stale control socket {} left by a daemon that is no longer running", socket);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                // A persistent failure (too many open files) must not spin a core: back off before retrying.
                log.warn("control socket: accept failed: {}", e.getMessage());
                if (!pauseAfterFailedAccept()) {
                    return;
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                refuseBusy(client);
                continue;
            }
            open.add(client);
            try {
                workers.execute(() -> {
                    try {
                        new Connection(client).serve();
                    } catch (RuntimeException e) {
                        log.error("control socket: a request failed unexpectedly", e);
                    } finally {
                        open.remove(client);
                        closeQuietly(client);
                        slots.release();
                    }
                });
            } catch (RejectedExecutionException stopping) {
                open.remove(client);
                closeQuietly(client);
                slots.release();
            }
        }
    }

    /** Answers a connection over the limit without blocking the accept thread, then closes it. */
    private void refuseBusy(SocketChannel client) {
        log.warn("control socket: refused a connection, {} are already being served", settings.maxConnections());
        try (client) {
            client.configureBlocking(false);
            client.write(ByteBuffer.wrap((Protocol.ERR + "error: goadmin is busy: all " + settings.maxConnections()
                    + " command slots (max.connections) are in use; try again in a moment\n" + Protocol.EXIT
                    + Protocol.EXIT_ERROR + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // the client is gone; nothing to tell it
        }
    }

    /** Stops accepting, ends every connection and thread (waiting at most a few seconds) and removes the socket. */
    @Override
    public void close() {
        closeQuietly(server);
        workers.shutdownNow();
        open.forEach(SocketServer::closeQuietly);
        timer.shutdownNow();
        try {
            acceptor.join(STOP_MILLIS);
            if (!workers.awaitTermination(STOP_MILLIS, TimeUnit.MILLISECONDS)
                    || !timer.awaitTermination(STOP_MILLIS, TimeUnit.MILLISECONDS) || acceptor.isAlive()) {
                log.warn("control socket: some requests did not stop within {}ms", STOP_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(settings.socket());
            log.info("control socket {} closed", settings.socket());
        } catch (IOException e) {
            log.warn("could not remove the control socket {}: {}", settings.socket(), e.getMessage());
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One client: read its request line within the limits, run it, stream the output back. */
    private final class Connection {
        private final SocketChannel channel;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void serve() {
            Caller caller = new Caller(peers.of(channel), AuditEvent.SOURCE_CLI);
            SocketOutput output = new SocketOutput(channel, timer, settings.readTimeout());
            String line;
            try {
                line = guarded(this::readRequest);
            } catch (ClosedChannelException timedOut) {
                log.info("control socket: disconnected a client that sent no complete request within {}"
                        + " (read.timeout)", Printer.duration(settings.readTimeout().toMillis()));
                return;
            } catch (IOException e) {
                log.debug("control socket: a client left without sending a request: {}", e.getMessage());
                return;
            }
            int status;
            if (line == null) {
                status = commands.denied(caller, List.of("(oversized request)"), "the request is larger than "
                        + settings.maxRequestBytes() + " bytes (max.request.bytes)", output);
            } else {
                List<String> argv;
                try {
                    argv = Protocol.decodeRequest(line);
                } catch (IllegalArgumentException e) {
                    status = commands.denied(caller, List.of("(malformed request)"), "the request is not a goadmin/1"
                            + " request line; use the goadmin command line tool", output);
                    output.exit(status);
                    return;
                }
                status = commandLine.run(caller, argv, output);
            }
            output.exit(status);
        }

        /** Reads up to the first line break; null if none comes within the size limit. */
        private String readRequest() throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(settings.maxRequestBytes() + 1);
            while (buffer.hasRemaining()) {
                int start = buffer.position();
                if (channel.read(buffer) < 0) {
                    throw new IOException("the client closed the connection before sending a request");
                }
                for (int i = start; i < buffer.position(); i++) {
                    if (buffer.get(i) == '\n') {
                        return new String(buffer.array(), 0, i, StandardCharsets.UTF_8);
                    }
                }
            }
            return null;
        }

        /** Runs a blocking read, closing the channel if it takes longer than the read timeout. */
        private <T> T guarded(IoCall<T> call) throws IOException {
            var deadline = timer.schedule(() -> closeQuietly(channel), settings.readTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                return call.run();
            } finally {
                deadline.cancel(false);
            }
        }
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException;
    }

    /** Waits a little after a failed accept; false if the thread was interrupted (the server is stopping). */
    private static boolean pauseAfterFailedAccept() {
        try {
            Thread.sleep(250);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
