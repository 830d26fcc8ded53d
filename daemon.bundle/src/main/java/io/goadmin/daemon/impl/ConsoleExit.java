package io.goadmin.daemon.impl;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Makes leaving the Gogo console an ordinary stop. Gogo ends the console at end of input (Ctrl-D) by stopping the
 * framework from inside, which skips the daemon's stop lines and ends with status 117, the status that means "cannot
 * run, do not restart"; and its {@code exit} is {@code System.exit(int)}, which refuses a plain {@code exit}. The
 * launcher runs the console with {@code --noshutdown}, so Gogo only returns; this notices that (the console's own
 * {@code gosh --login} command completing) and asks the JVM to exit, so the shutdown hook stops the layers in order
 * and logs the reason, as for SIGTERM. It also provides {@code exit} in the {@code gogo} scope, which the console
 * searches first.
 */
@Component(property = {"osgi.command.scope=gogo", "osgi.command.function=exit"})
public final class ConsoleExit implements CommandSessionListener {
    /** How Gogo's shell bundle starts the console: {@code gosh --login} and the launcher's {@code gosh.args}. */
    private static final String CONSOLE_COMMAND = "gosh --login";

    private final Bundle systemBundle;

    @Activate
    public ConsoleExit(BundleContext context) {
        this.systemBundle = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
    }

    @Descriptor("stop the daemon in order, as Ctrl-D or SIGTERM do; goadmin serve ends with status 0")
    public void exit() {
        requestStop("console exit", 0);
    }

    @Descriptor("stop the daemon in order; goadmin serve ends with the given status")
    public void exit(@Descriptor("exit status") int status) {
        requestStop("console exit", status);
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence commandline) {
        // Only the end of the console matters.
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Exception exception) {
        consoleEnded(session, commandline);
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Object result) {
        consoleEnded(session, commandline);
    }

    private void consoleEnded(CommandSession session, CharSequence commandline) {
        if (commandline != null && commandline.toString().startsWith(CONSOLE_COMMAND)
                && Boolean.TRUE.equals(session.get(".gosh_interactive"))) {
            requestStop("console closed", 0);
        }
    }

    /**
     * Exits the JVM from a thread of its own: the caller (the console) must return, since stopping the framework
     * stops the console's bundle and waits for its thread. Nothing happens if the daemon is already stopping.
     */
    private void requestStop(String reason, int status) {
        if (StopReason.isSet() || systemBundle.getState() != Bundle.ACTIVE) {
            return;
        }
        StopReason.set(reason);
        Thread exit = new Thread(() -> System.exit(status), "goadmin-console-exit");
        exit.start();
    }
}
