package io.goadmin.collector.support.testing;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.osgi.service.log.Logger;

/**
 * An OSGi {@link Logger} for tests that keeps each logged line as {@code LEVEL message} with the {@code {}}
 * placeholders filled in, and whether a Throwable was attached (conventions: expected conditions carry none).
 */
public final class RecordingLogger {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<String> withThrowable = Collections.synchronizedList(new ArrayList<>());
    private final Logger logger;

    /** A new, empty recording logger. */
    public RecordingLogger() {
        logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("is")) {
                        return true;
                    }
                    if (name.equals("getName")) {
                        return "test";
                    }
                    if (args != null && args.length > 0 && args[0] instanceof String format) {
                        Object[] values = args.length == 2 && args[1] instanceof Object[] array ? array
                                : Arrays.copyOfRange(args, 1, args.length);
                        String line = name.toUpperCase(Locale.ROOT) + " " + format(format, values);
                        lines.add(line);
                        if (values.length > 0 && values[values.length - 1] instanceof Throwable) {
                            withThrowable.add(line);
                        }
                    }
                    return null;
                });
    }

    /** The logger to hand to a component. */
    public Logger logger() {
        return logger;
    }

    /** Every line logged so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The lines that carried a Throwable. */
    public List<String> linesWithThrowable() {
        synchronized (withThrowable) {
            return List.copyOf(withThrowable);
        }
    }

    private static String format(String format, Object[] values) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        int argument = 0;
        int at;
        while ((at = format.indexOf("{}", from)) >= 0 && argument < values.length) {
            out.append(format, from, at).append(values[argument++]);
            from = at + 2;
        }
        return out.append(format.substring(from)).toString();
    }
}
