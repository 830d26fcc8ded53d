package io.goadmin.daemon.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;

class LogLevelCheckTest {

    @Test
    void namesEveryValueTheLogServiceWouldIgnore() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("ROOT", "verbose");
        properties.put("x", "LOUD");
        properties.put("io.goadmin.scheduler.impl.SchedulerComponent", "DEBUG");

        assertThat(LogLevelCheck.ignoredEntries(properties)).containsExactly("ROOT = verbose", "x = LOUD");
    }

    @Test
    void acceptsLevelsInAnyCaseAndSkipsTheBookkeepingKeys() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("ROOT", "info");
        properties.put("io.goadmin.storage", "Warn");
        properties.put("service.pid", "org.osgi.service.log.admin");
        properties.put("felix.fileinstall.filename", "file:/srv/home/etc/org.osgi.service.log.admin.cfg");

        assertThat(LogLevelCheck.ignoredEntries(properties)).isEmpty();
    }
}
