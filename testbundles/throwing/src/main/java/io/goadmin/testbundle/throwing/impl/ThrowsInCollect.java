package io.goadmin.testbundle.throwing.impl;

import org.osgi.service.component.annotations.Component;

import io.goadmin.core.Collector;
import io.goadmin.core.PollContext;

/** A collector that emits one record and then throws in every poll, as a collector with a bug in its parsing does. */
@Component(service = Collector.class)
public final class ThrowsInCollect implements Collector {

    @Override
    public String name() {
        return "throws_in_collect";
    }

    @Override
    public void collect(PollContext context) {
        context.emit("before_throw", 1);
        throw new IllegalStateException("throwing test bundle: collect fails on purpose");
    }
}
