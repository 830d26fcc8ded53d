package io.goadmin.daemon.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.stream.Collectors;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The log service ignores a level it does not know ({@code ROOT = verbose}) without a word, so a typo in
 * {@code etc/org.osgi.service.log.admin.cfg} looks applied when it is not. This reads the log admin configuration at
 * start and after each edit, and logs one warning naming the values it ignores and the accepted levels.
 */
@Component(immediate = true, service = ConfigurationListener.class)
public final class LogLevelCheck implements ConfigurationListener {
    /** The standard log admin PID; {@code PID|bundle} configures one bundle's loggers. */
    static final String PID = "org.osgi.service.log.admin";
    private static final String ACCEPTED =
            Arrays.stream(LogLevel.values()).map(LogLevel::name).collect(Collectors.joining(", "));

    private final ConfigurationAdmin configurationAdmin;
    private final Logger log;

    @Activate
    public LogLevelCheck(@Reference ConfigurationAdmin configurationAdmin,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.configurationAdmin = configurationAdmin;
        this.log = log;
        checkConfigurations("(|(service.pid=" + PID + ")(service.pid=" + PID + "|*))");
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        if (event.getType() != ConfigurationEvent.CM_UPDATED || pid == null
                || !(pid.equals(PID) || pid.startsWith(PID + "|"))) {
            return;
        }
        checkConfigurations("(service.pid=" + pid + ")");
    }

    private void checkConfigurations(String filter) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations(filter);
            for (Configuration configuration : found == null ? new Configuration[0] : found) {
                List<String> ignored = ignoredEntries(configuration.getProperties());
                if (!ignored.isEmpty()) {
                    String verb = ignored.size() == 1 ? "is" : "are";
                    log.warn("configuration {}: {} {} not a log level and {} ignored; accepted levels: {}",
                            configuration.getPid(), String.join(", ", ignored), verb, verb, ACCEPTED);
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            log.debug("cannot read the log level configuration {}: {}", filter, e.getMessage());
        }
    }

    /** The {@code logger = value} entries whose value the log service ignores, as written; bookkeeping keys skipped. */
    static List<String> ignoredEntries(Dictionary<String, Object> properties) {
        if (properties == null) {
            return List.of();
        }
        List<String> ignored = new ArrayList<>();
        for (String key : Collections.list(properties.keys())) {
            if (key.startsWith("service.") || key.startsWith("felix.")) {
                continue;
            }
            Object value = properties.get(key);
            if (!(value instanceof String text) || !isLevel(text)) {
                ignored.add(key + " = " + value);
            }
        }
        Collections.sort(ignored);
        return ignored;
    }

    /** As the log service reads a level: its name in any case. */
    private static boolean isLevel(String text) {
        return Arrays.stream(LogLevel.values()).anyMatch(level -> level.name().equalsIgnoreCase(text));
    }
}
