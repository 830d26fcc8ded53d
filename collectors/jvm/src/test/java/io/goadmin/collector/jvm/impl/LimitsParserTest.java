package io.goadmin.collector.jvm.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.goadmin.collector.support.testing.Fixtures;

class LimitsParserTest {

    @Test
    void readsTheSoftLimitOfARealProcess() {
        assertThat(LimitsParser.maxOpenFiles(Fixtures.text(getClass(), "/proc/limits-vm"))).isEqualTo(20_000);
    }

    @Test
    void unlimitedOrMissingIsMinusOne() {
        assertThat(LimitsParser.maxOpenFiles("Max open files            unlimited            unlimited  files\n"))
                .isEqualTo(-1);
        assertThat(LimitsParser.maxOpenFiles("Max processes  100  100  processes\n")).isEqualTo(-1);
    }
}
