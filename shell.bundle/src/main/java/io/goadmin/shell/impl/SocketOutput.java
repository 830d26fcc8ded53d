package io.goadmin.shell.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.goadmin.shell.client.Protocol;

/**
 * Streams a command's lines to a control-socket client. A client that stops reading for longer than the timeout is
 * disconnected; once the client is gone the remaining lines are dropped and the command still completes. Standard
 * output is sent in chunks; standard error (errors, progress) at once.
 */
final class SocketOutput implements Output {
    /** Standard output is sent in chunks of about this many characters (and at the end). */
    private static final int FLUSH_CHARS = 8192;

    private final SocketChannel channel;
    private final ScheduledExecutorService timer;
    private final Duration timeout;
    private final StringBuilder pending = new StringBuilder();
    private boolean gone;

    SocketOutput(SocketChannel channel, ScheduledExecutorService timer, Duration timeout) {
        this.channel = channel;
        this.timer = timer;
        this.timeout = timeout;
    }

    @Override
    public synchronized void out(String line) {
        pending.append(Protocol.OUT).append(line).append('\n');
        if (pending.length() >= FLUSH_CHARS) {
            flush();
        }
    }

    /** Sent at once, with any output before it: errors and progress must not wait. */
    @Override
    public synchronized void err(String line) {
        pending.append(Protocol.ERR).append(line).append('\n');
        flush();
    }

    /** The last line: the command's exit status. */
    synchronized void exit(int status) {
        pending.append(Protocol.EXIT).append(status).append('\n');
        flush();
    }

    private void flush() {
        String text = pending.toString();
        pending.setLength(0);
        if (gone) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(this::disconnect, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            gone = true;
            return;
        }
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            gone = true;
        } finally {
            deadline.cancel(false);
        }
    }

    private void disconnect() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
