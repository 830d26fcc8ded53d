package io.goadmin.storage.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/** Creates {@code @TempDir} folders under target/test-tmp: /tmp is world-writable, so storage rightly refuses it. */
public final class TargetTempDirFactory implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
        Path root = Path.of(System.getProperty("goadmin.test.tmp", "target/test-tmp")).toAbsolutePath();
        Files.createDirectories(root);
        return Files.createTempDirectory(root, "junit");
    }
}
