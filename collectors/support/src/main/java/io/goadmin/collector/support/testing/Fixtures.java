package io.goadmin.collector.support.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Test fixture files (copies of real {@code /proc} and {@code /sys} files, and odd hand-made ones) on the class path. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The text of class-path resource {@code name} (such as {@code /proc/meminfo-vm}), decoded as the collectors do. */
    public static String text(Class<?> owner, String name) {
        try (InputStream in = open(owner, name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies class-path resource {@code name} to {@code target}, creating its folders; returns {@code target}. */
    public static Path copy(Class<?> owner, String name, Path target) {
        try (InputStream in = open(owner, name)) {
            Path folder = target.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(Class<?> owner, String name) throws IOException {
        InputStream in = owner.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("no test resource " + name);
        }
        return in;
    }
}
