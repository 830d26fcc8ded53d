package io.goadmin.storage.impl;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects log lines so tests can check what an admin would read. */
public final class TestLog implements StorageLog {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void debug(String message) {
        lines.add("DEBUG " + message);
    }

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void error(String message, Throwable bug) {
        lines.add("ERROR " + message + (bug == null ? "" : " " + bug));
    }

    /** Every line so far, with its level first. */
    public List<String> lines() {
        return List.copyOf(lines);
    }
}
