package io.goadmin.storage.impl.flyway;

import java.io.Reader;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;

/** Our SQL migrations as Flyway's resources: exactly the scripts given, by file name, as if found on the class path. */
final class Scripts implements ResourceProvider {
    /** Where the scripts are in the bundle, for Flyway's messages. */
    private static final String FOLDER = "io/goadmin/storage/db/migration/";

    private final List<LoadableResource> resources;

    Scripts(Map<String, String> sqlByFileName) {
        this.resources = sqlByFileName.entrySet().stream()
                .map(script -> (LoadableResource) new Script(script.getKey(), script.getValue()))
                .sorted()
                .toList();
    }

    /** We have SQL migrations only; Flyway would otherwise scan for Java ones. */
    static Collection<Class<? extends JavaMigration>> noJavaMigrations() {
        return List.of();
    }

    @Override
    public LoadableResource getResource(String name) {
        return resources.stream().filter(script -> script.getFilename().equals(name)
                || script.getAbsolutePath().equals(name)).findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return resources.stream()
                .filter(script -> script.getFilename().startsWith(prefix))
                .filter(script -> Arrays.stream(suffixes).anyMatch(script.getFilename()::endsWith))
                .toList();
    }

    private static final class Script extends LoadableResource {
        private final String fileName;
        private final String sql;

        Script(String fileName, String sql) {
            this.fileName = fileName;
            this.sql = sql;
        }

        @Override
        public Reader read() {
            return new StringReader(sql);
        }

        @Override
        public String getAbsolutePath() {
            return FOLDER + fileName;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return fileName;
        }

        @Override
        public String getRelativePath() {
            return fileName;
        }
    }
}
