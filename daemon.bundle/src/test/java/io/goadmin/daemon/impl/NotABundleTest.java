package io.goadmin.daemon.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotABundleTest {
    @TempDir
    Path folder;

    @Test
    void namesWhatIsWrongWithAFileThatIsNotABundle() throws IOException {
        Path garbage = Files.writeString(folder.resolve("broken.jar"), "this is not a jar");
        Path library = jar("library.jar", null);

        assertThat(NotABundle.whyNotABundle(garbage.toFile())).isEqualTo("not a jar (zip) file");
        assertThat(NotABundle.whyNotABundle(library.toFile())).isEqualTo("its manifest has no Bundle-SymbolicName");
    }

    @Test
    void leavesABundleToFileInstall() throws IOException {
        assertThat(NotABundle.whyNotABundle(jar("bundle.jar", "com.example.thing").toFile())).isNull();
    }

    private Path jar(String name, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path jar = folder.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
