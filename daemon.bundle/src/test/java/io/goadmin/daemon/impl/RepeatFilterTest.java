package io.goadmin.daemon.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepeatFilterTest {
    private final RepeatFilter filter = new RepeatFilter(10_000);

    @Test
    void letsTheFirstLineThroughAndHoldsBackRepeatsWithinTheWindow() {
        assertThat(filter.admit(0, "storage path /tmp/x.db is under /tmp", null)).isTrue();
        assertThat(filter.admit(5_000, "storage path /tmp/x.db is under /tmp", null)).isFalse();
        assertThat(filter.admit(10_001, "storage path /tmp/x.db is under /tmp", null)).isTrue();
    }

    @Test
    void treatsAWrapperWhoseRootCauseWasAlreadyShownAsARepeat() {
        assertThat(filter.admit(0, "disk full", "disk full")).isTrue();
        assertThat(filter.admit(1, "Error during instantiation of the implementation object", "disk full")).isFalse();
    }

    @Test
    void dropsScrFollowOnComplaintsAboutAMissingDependency() {
        assertThat(filter.admit(0, "[Scheduler(6)] : Could not get service from ref [io.goadmin.core.Storage]", null))
                .isFalse();
        assertThat(filter.admit(0, "FrameworkEvent ERROR",
                "Service factory returned null. (Component: io.goadmin.storage.impl.StorageComponent (5))")).isFalse();
    }

    @Test
    void holdsBackAWrapperWhoseCauseOurOwnLineAlreadySaid() {
        String ours = "goadmin.scheduler: interval = 'ten seconds' is invalid; use a duration such as 500ms, 10s, 5m "
                + "or 1h; the scheduler does not start until it is fixed";
        String cause = "goadmin.scheduler: interval = 'ten seconds' is invalid; use a duration such as 500ms, 10s, 5m "
                + "or 1h";
        assertThat(filter.admit(0, ours, null)).isTrue();
        assertThat(filter.admit(1, "bundle io.goadmin.scheduler:0.2.0 (9)[io.goadmin.scheduler.impl.SchedulerComponent(7)]"
                + " : Error during instantiation of the implementation object", cause)).isFalse();
    }

    @Test
    void showsAnScrErrorWhoseCauseNobodyReported() {
        assertThat(filter.admit(0, "goadmin.scheduler: interval = 'ten seconds' is invalid", null)).isTrue();
        assertThat(filter.admit(1, "bundle io.goadmin.example:1.0 (30)[io.goadmin.example.Broken(12)] : Error during "
                + "instantiation of the implementation object", "java.lang.NoClassDefFoundError: org/x/Missing"))
                .isTrue();
    }

    @Test
    void dropsScrsRestartComplaint() {
        assertThat(filter.admit(0, "bundle io.goadmin.daemon:0.2.0 (8)[io.goadmin.daemon.impl.SystemAudit(3)] : Could "
                + "not obtain all required dependencies, getService returning null", null)).isFalse();
    }

    @Test
    void distinctProblemsAllShow() {
        assertThat(filter.admit(0, "first problem", null)).isTrue();
        assertThat(filter.admit(0, "second problem", null)).isTrue();
    }
}
