package io.goadmin.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "10s,10000", "5m,300000", "1h,3600000", "30d,2592000000", "1h30m,5400000",
        "' 10S ',10000", "0s,0"})
    void parsesTheFormsAdminsWrite(String text, long millis) {
        assertThat(Durations.parse("interval", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "10", "ten seconds", "10 sec", "-5s", "1.5h", "s", "10s garbage", "99999999999999d"})
    void rejectsAnythingElseNamingTheSettingAndTheForm(String text) {
        assertThatThrownBy(() -> Durations.parse("interval", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("interval '")
                .hasMessageContaining("for example 10s");
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "250,250ms", "10000,10s", "5400000,1h30m", "2592000000,30d", "90061001,1d1h1m1s1ms"})
    void printsInTheLargestExactUnits(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse("x", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999d", "36501d", "999999999999h"})
    void refusesDurationsTooLongForMillisecondsWithAClearMessage(String text) {
        assertThatThrownBy(() -> Durations.parse("since", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "999ms"})
    void enforcesAMinimum(String text) {
        assertThatThrownBy(() -> Durations.parseAtLeast("interval", text, Duration.ofSeconds(1)))
                .hasMessageContaining("use at least 1s");
    }
}
