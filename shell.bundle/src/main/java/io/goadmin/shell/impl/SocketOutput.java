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
 * disconnected; once the client is gone the remaining lines are dropped and the command still completes.
 */
final class SocketOutput implements Output {
    private final SocketChannel channel;
    private final ScheduledExecutorService timer;
    private final Duration timeout;
    private boolean gone;

    SocketOutput(SocketChannel channel, ScheduledExecutorService timer, Duration timeout) {
        this.channel = channel;
        this.timer = timer;
        this.timeout = timeout;
    }

    @Override
    public synchronized void out(String line) {
        send(Protocol.OUT + line + "\n");
    }

    @Override
    public synchronized void err(String line) {
        send(Protocol.ERR + line + "\n");
    }

    /** The last line: the command's exit status. */
    synchronized void exit(int status) {
        send(Protocol.EXIT + status + "\n");
    }

    private void send(String text) {
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
