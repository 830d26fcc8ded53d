package io.goadmin.collector.processes.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.goadmin.collector.support.testing.Fixtures;

class PidStatParserTest {

    @Test
    void readsRealProcesses() {
        String init = Fixtures.text(getClass(), "/proc/pid-stat-init");
        String cat = Fixtures.text(getClass(), "/proc/pid-stat-cat");

        assertThat(PidStatParser.state(init)).isEqualTo('S');
        assertThat(PidStatParser.threads(init)).isEqualTo(16);
        assertThat(PidStatParser.state(cat)).isEqualTo('R');
        assertThat(PidStatParser.threads(cat)).isEqualTo(1);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String odd = Fixtures.text(getClass(), "/proc/pid-stat-odd");

        assertThat(PidStatParser.state(odd)).isEqualTo('S');
        assertThat(PidStatParser.threads(odd)).isEqualTo(7);
    }

    @Test
    void truncatedLinesDoNotParse() {
        assertThat(PidStatParser.state("12 (x")).isEqualTo((char) 0);
        assertThat(PidStatParser.state("12 (x)")).isEqualTo((char) 0);
        assertThat(PidStatParser.threads("12 (x) S 1 2 3")).isEqualTo(-1);
        assertThat(PidStatParser.threads("")).isEqualTo(-1);
    }
}
