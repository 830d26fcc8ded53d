package io.goadmin.collector.mem.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.goadmin.collector.support.testing.Fixtures;

class VmstatParserTest {

    @Test
    void readsSwapPagingOfARealMachine() {
        String text = Fixtures.text(getClass(), "/proc/vmstat-vm");

        assertThat(VmstatParser.counter(text, "pswpin")).isZero();
        assertThat(VmstatParser.counter(text, "pswpout")).isZero();
    }

    @Test
    void countersAtTheTopOfTheUnsignedRangeStayPositive() {
        String text = Fixtures.text(getClass(), "/proc/vmstat-with-swap");

        assertThat(VmstatParser.counter(text, "pswpin")).isEqualTo(18_446_744_073_709_551_615.0);
        assertThat(VmstatParser.counter(text, "pswpout")).isEqualTo(4096);
    }

    @Test
    void onlyWholeNamesAtTheStartOfALineMatch() {
        String text = "nr_pswpin 5\npswpin_x 6\npswpin 7\n";

        assertThat(VmstatParser.counter(text, "pswpin")).isEqualTo(7);
        assertThat(VmstatParser.counter(text, "pswpout")).isEqualTo(-1);
        assertThat(VmstatParser.counter("pswpin", "pswpin")).isEqualTo(-1);
    }
}
