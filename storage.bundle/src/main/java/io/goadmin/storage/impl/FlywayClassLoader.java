package io.goadmin.storage.impl;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;

/**
 * Defines Flyway's classes, and our code that calls them, apart from the bundle's class loader, so that they can be
 * unloaded once the schema is migrated: Flyway runs once at start, and its 400 classes would otherwise keep about
 * 2 MB of metaspace for as long as the daemon runs (docs/performance.md, "Where the RSS goes").
 *
 * <p>The class files are read as resources of the parent, the bundle's loader, which holds Flyway embedded; nothing
 * in the bundle refers to a Flyway class directly, so the parent never loads one itself. Every other class (the JDK,
 * {@link FlywayRun}, {@link StorageLog}, the SQLite driver) and every resource (Flyway's {@code META-INF/services}
 * and version file) comes from the parent as usual.
 */
final class FlywayClassLoader extends ClassLoader {
    /** The entry point, in the package this loader defines itself. */
    private static final String RUN = "io.goadmin.storage.impl.flyway.FlywayMigration";
    private static final String[] OWN_PACKAGES = {"org.flywaydb.", "io.goadmin.storage.impl.flyway."};

    private FlywayClassLoader(ClassLoader bundle) {
        super("goadmin-flyway", bundle);
    }

    /** A Flyway run in a new loader: once the caller drops it, the loader and every class it defined can go. */
    static FlywayRun newRun(ClassLoader bundle) {
        try {
            return new FlywayClassLoader(bundle).loadClass(RUN).asSubclass(FlywayRun.class)
                    .getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            throw new IllegalStateException("cannot load Flyway from the storage bundle: " + cause, cause);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isOwn(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = findClass(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (!isOwn(name)) {
            throw new ClassNotFoundException(name);
        }
        String file = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(file)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    private static boolean isOwn(String name) {
        for (String prefix : OWN_PACKAGES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
