package io.goadmin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricRecordTest {

    @Test
    void acceptsAWellFormedRecordAndSortsItsTags() {
        MetricRecord record = new MetricRecord(1_700_000_000_000L, "cpu", "usage_user", 12.5,
                Map.of("cpu", "cpu0", "host", "web 1"));

        assertThat(record.tags()).containsExactly(Map.entry("cpu", "cpu0"), Map.entry("host", "web 1"));
        assertThatThrownBy(() -> record.tags().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void copiesTagsSoLaterChangesToTheCallersMapDoNotLeakIn() {
        Map<String, String> tags = new HashMap<>(Map.of("cpu", "cpu0"));
        MetricRecord record = new MetricRecord(1L, "cpu", "usage_user", 1, tags);
        tags.put("cpu", "cpu1");

        assertThat(record.tags()).containsEntry("cpu", "cpu0");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void rejectsValuesThatAreNotFinite(double value) {
        assertThatThrownBy(() -> new MetricRecord(1L, "cpu", "usage_user", value))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("usage_user")
                .hasMessageContaining("finite");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CPU", "1cpu", "cpu usage", "cpu-usage", "cpu\u0000", "ключ", "cpu;drop table metrics"})
    void rejectsKeysThatAreNotNames(String key) {
        assertThatThrownBy(() -> new MetricRecord(1L, "cpu", key, 1))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("metric key"));
    }

    @Test
    void rejectsAMissingModule() {
        assertThatThrownBy(() -> new MetricRecord(1L, null, "k", 1))
                .isInstanceOf(ValidationException.class)
                .hasMessage("metric module (missing) is invalid: it is required");
    }

    @Test
    void rejectsHugeNamesAndShowsOnlyTheirStart() {
        String huge = "a".repeat(100_000);

        assertThatThrownBy(() -> new MetricRecord(1L, "cpu", huge, 1))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("longer than 64")
                .hasMessageContaining("(100000 characters)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void rejectsTooManyTags() {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i <= Validation.TAGS_MAX; i++) {
            tags.put("t" + i, "v");
        }
        assertThatThrownBy(() -> new MetricRecord(1L, "cpu", "k", 1, tags))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at most 16");
    }

    @Test
    void rejectsTagValuesWithControlCharactersAndEscapesThemInTheMessage() {
        assertThatThrownBy(() -> new MetricRecord(1L, "net", "bytes_recv", 1, Map.of("interface", "eth0\n\u001b[31m")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("control character")
                .hasMessageContaining("\\u000a")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** Text that would hide or rearrange what a reader of the status, a query or the log sees. */
    @ParameterizedTest
    @ValueSource(strings = {
        "report\u202Etxt.exe", // RIGHT-TO-LEFT OVERRIDE: shows as "reportexe.txt"
        "a\u2066b\u2069", // LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE
        "eth\u200B0", // ZERO WIDTH SPACE: looks like "eth0"
        "\uFEFFeth0", // BYTE ORDER MARK
        "soft\u00ADhyphen",
        "line\u2028break", // LINE SEPARATOR
        "para\u2029break", // PARAGRAPH SEPARATOR
        "lone\uD800", // a high surrogate with no low one
        "\uDC00lone", // a low surrogate with no high one
        "tag\uDB40\uDC01", // U+E0001 LANGUAGE TAG, a format character outside the BMP
        "x\u0085y" // NEXT LINE, a C1 control
    })
    void rejectsTagValuesWithHiddenCharactersAndEscapesThemInTheMessage(String hostile) {
        assertThatThrownBy(() -> new MetricRecord(1L, "net", "bytes_recv", 1, Map.of("interface", hostile)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("tag 'interface'")
                .hasMessageMatching("(?s).*it contains (a control character|a lone surrogate|an invisible format "
                        + "character|a line or paragraph separator).*")
                .satisfies(e -> assertThat(e.getMessage().codePoints())
                        .allMatch(c -> c >= 0x20 && c < 0x7f || Character.isLetterOrDigit(c) || c == '…'));
    }

    @ParameterizedTest
    @ValueSource(strings = {"web 1", "naïve", "日本語", "Grüße", "emoji \uD83D\uDE00", "/mnt/данные", "שלום"})
    void acceptsPrintableTextInAnyScript(String text) {
        assertThat(new MetricRecord(1L, "disk", "used", 1, Map.of("path", text)).tags()).containsEntry("path", text);
    }

    @Test
    void namesRefuseHiddenCharactersToo() {
        assertThatThrownBy(() -> new MetricRecord(1L, "cpu\u202E", "usage", 1)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("\\u202e");
        assertThatThrownBy(() -> new MetricRecord(1L, "cpu", "usage", 1, Map.of("c\u200Bpu", "0")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("tag key");
    }

    @Test
    void rejectsOverlongTagValuesAndEmptyOnes() {
        assertThatThrownBy(() -> new MetricRecord(1L, "disk", "used", 1, Map.of("path", "/".repeat(257))))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new MetricRecord(1L, "disk", "used", 1, Map.of("path", "")))
                .isInstanceOf(ValidationException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1L, Long.MIN_VALUE, Validation.TS_MAX + 1})
    void rejectsTimestampsOutsideTheCalendar(long ts) {
        assertThatThrownBy(() -> new MetricRecord(ts, "cpu", "k", 1)).isInstanceOf(ValidationException.class);
    }
}
