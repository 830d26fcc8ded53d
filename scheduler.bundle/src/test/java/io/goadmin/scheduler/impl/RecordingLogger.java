package io.goadmin.scheduler.impl;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.log.Logger;

/** An OSGi {@link Logger} that keeps each line as {@code LEVEL message} and remembers whether a Throwable came along. */
final class RecordingLogger {
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "audit");

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile boolean throwableLogged;
    final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
                String name = method.getName();
                if (LEVELS.contains(name) && args != null && args[0] instanceof String message) {
                    lines.add(name.toUpperCase(java.util.Locale.ROOT) + " " + message);
                    for (int i = 1; i < args.length; i++) {
                        throwableLogged |= args[i] instanceof Throwable;
                    }
                    return null;
                }
                if (name.startsWith("is")) {
                    return true;
                }
                if ("getName".equals(name)) {
                    return "test";
                }
                if ("toString".equals(name)) {
                    return "RecordingLogger";
                }
                if ("hashCode".equals(name)) {
                    return System.identityHashCode(proxy);
                }
                if ("equals".equals(name)) {
                    return proxy == args[0];
                }
                return null;
            });

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines that contain {@code text}. */
    List<String> matching(String text) {
        return lines.stream().filter(line -> line.contains(text)).toList();
    }

    boolean throwableLogged() {
        return throwableLogged;
    }
}
