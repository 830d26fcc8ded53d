package io.goadmin.testbundle.throwing.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.goadmin.core.Collector;
import io.goadmin.core.PollContext;

/** A collector whose activation always fails: SCR logs it and never registers the service. */
@Component(service = Collector.class)
public final class ThrowsInActivate implements Collector {

    /** Always throws, as a collector with a bug in its setup does. */
    @Activate
    public ThrowsInActivate() {
        throw new IllegalStateException("throwing test bundle: activation fails on purpose");
    }

    @Override
    public String name() {
        return "throws_in_activate";
    }

    @Override
    public void collect(PollContext context) {
        context.emit("never", 0);
    }
}
