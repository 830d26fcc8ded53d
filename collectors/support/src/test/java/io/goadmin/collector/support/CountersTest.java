package io.goadmin.collector.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CountersTest {

    @Test
    void parsesSmallAndHugeCounters() {
        assertThat(Counters.unsigned("0")).isZero();
        assertThat(Counters.unsigned("123456789012345678")).isEqualTo(123456789012345678.0);
        assertThat(Counters.unsigned("18446744073709551615")).isEqualTo(18_446_744_073_709_551_615.0);
    }

    @Test
    void refusesSignsAndLetters() {
        assertThatThrownBy(() -> Counters.unsigned("-1")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Counters.unsigned("12a")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Counters.unsigned("")).isInstanceOf(NumberFormatException.class);
    }
}
