package io.goadmin.shell.impl;

import io.goadmin.core.ProgressListener;

/**
 * Shows a long operation's progress on standard error, one line per phase and per tenth done (or per doubling when
 * the total is unknown), so a long purge shows life without flooding the terminal.
 */
final class ProgressPrinter implements ProgressListener {
    private final String action;
    private final Printer printer;
    private String phase;
    private long shown;

    ProgressPrinter(String action, Printer printer) {
        this.action = action;
        this.printer = printer;
    }

    @Override
    public synchronized void progress(String currentPhase, long done, long total) {
        if (!currentPhase.equals(phase)) {
            phase = currentPhase;
            shown = -1;
        }
        if (total > 0) {
            long tenth = Math.min(10, done * 10 / total);
            if (tenth > shown) {
                shown = tenth;
                printer.err(action + ": " + currentPhase + " " + done + " of " + total + " (" + done * 100 / total + "%)");
            }
        } else if (shown < 0 || done >= shown * 2) {
            shown = Math.max(1, done);
            printer.err(action + ": " + currentPhase + " " + done + " done");
        }
    }
}
