package io.goadmin.collector.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.goadmin.core.Validation;

class TagValuesTest {

    @Test
    void cleanNamesAreKeptAsTheyAre() {
        String name = "/media/My Disk";
        assertThat(TagValues.of(name)).isSameAs(name);
    }

    @Test
    void controlCharactersAndLengthAreMadeValid() {
        String raw = "a\nb\tc" + "x".repeat(400);
        String value = TagValues.of(raw);
        assertThat(value).startsWith("a?b?c").hasSize(Validation.TAG_VALUE_MAX);
        assertThat(Validation.tags(Map.of("path", value))).isNotEmpty();
    }

    @Test
    void invisibleCharactersAreReplacedAndEmojiAreNeverCutInHalf() {
        String raw = "/media/\u202Eevil\u200B\u2028x\uD800y";
        assertThat(TagValues.of(raw)).isEqualTo("/media/?evil??x?y");

        String emoji = "\uD83D\uDCBE"; // a floppy disk: two chars, one character
        String atTheLimit = "x".repeat(Validation.TAG_VALUE_MAX - 1) + emoji;
        String cut = TagValues.of(atTheLimit);
        assertThat(cut).hasSize(Validation.TAG_VALUE_MAX - 1).doesNotContain("\uD83D");
        assertThat(Validation.tags(Map.of("path", cut, "label", TagValues.of(raw)))).hasSize(2);
        assertThat(TagValues.of("disk " + emoji)).isEqualTo("disk " + emoji);
    }

    @Test
    void emptyBecomesAPlaceholder() {
        assertThat(TagValues.of("")).isEqualTo("?");
        assertThat(TagValues.of(null)).isEqualTo("?");
    }
}
