package io.goadmin.daemon.impl;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * FileInstall skips a file in {@code deploy/} that is not a bundle without a word, so a jar that was not copied
 * whole, or a plain library, looks deployed when it is not. FileInstall asks installers like this one before its own
 * bundle check: this claims those files and logs one warning each, naming the file and what is wrong with it. Once
 * the file becomes a bundle (a copy completed), FileInstall installs it as usual.
 */
@Component(service = ArtifactInstaller.class)
public final class NotABundle implements ArtifactInstaller {
    private final Path deployFolder;
    private final Logger log;

    @Activate
    public NotABundle(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        String home = context.getProperty("goadmin.home");
        this.deployFolder = home == null ? null : Path.of(home, "deploy").toAbsolutePath().normalize();
        this.log = log;
    }

    @Override
    public boolean canHandle(File file) {
        // Configuration files are ConfigInstaller's, wherever they are.
        String name = file.getName();
        return deployFolder != null && file.isFile() && !name.endsWith(".cfg") && !name.endsWith(".config")
                && deployFolder.equals(file.toPath().toAbsolutePath().normalize().getParent())
                && whyNotABundle(file) != null;
    }

    @Override
    public void install(File file) {
        report(file);
    }

    @Override
    public void update(File file) {
        report(file);
    }

    @Override
    public void uninstall(File file) {
        log.info("hot deploy: {} removed (it was not a bundle, nothing was installed)", file);
    }

    private void report(File file) {
        String why = whyNotABundle(file);
        if (why != null) {
            log.warn("hot deploy: {} is not an OSGi bundle ({}): nothing was installed; replace it with a bundle "
                    + "jar or remove it", file, why);
        }
    }

    /** Why FileInstall would not install {@code file} as a bundle, or null if it is one. */
    static String whyNotABundle(File file) {
        try (JarFile jar = new JarFile(file)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                return "the jar has no META-INF/MANIFEST.MF";
            }
            if (manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) == null) {
                return "its manifest has no Bundle-SymbolicName";
            }
            return null;
        } catch (ZipException e) {
            return "not a jar (zip) file";
        } catch (IOException | SecurityException e) {
            return "cannot be read: " + e.getMessage();
        }
    }
}
