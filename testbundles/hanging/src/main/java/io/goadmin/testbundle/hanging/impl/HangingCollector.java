package io.goadmin.testbundle.hanging.impl;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.component.annotations.Component;

import io.goadmin.core.Collector;
import io.goadmin.core.PollContext;

/**
 * A collector whose collect never returns: it parks in a loop that ignores interruption, cancellation and even its
 * own deactivation, as a read of a hung NFS mount does. It parks rather than spins so the test host keeps its CPU.
 * The thread that polls it is lost until the process exits; the daemon must cope with that.
 */
@Component(service = Collector.class)
public final class HangingCollector implements Collector {

    @Override
    public String name() {
        return "hanging";
    }

    @Override
    public void collect(PollContext context) {
        context.emit("entered", 1);
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            Thread.interrupted(); // swallowed on purpose: this collector ignores interruption
        }
    }
}
