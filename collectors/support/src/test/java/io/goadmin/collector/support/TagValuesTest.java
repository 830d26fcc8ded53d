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
    void emptyBecomesAPlaceholder() {
        assertThat(TagValues.of("")).isEqualTo("?");
        assertThat(TagValues.of(null)).isEqualTo("?");
    }
}
