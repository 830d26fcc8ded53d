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
    void distinctProblemsAllShow() {
        assertThat(filter.admit(0, "first problem", null)).isTrue();
        assertThat(filter.admit(0, "second problem", null)).isTrue();
    }
}
