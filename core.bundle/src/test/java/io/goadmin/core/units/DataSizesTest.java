package io.goadmin.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizesTest {

    @ParameterizedTest
    @CsvSource({"512MB,536870912", "1GB,1073741824", "2GiB,2147483648", "10k,10240", "100,100", "7B,7",
        "' 64 mb ',67108864"})
    void parsesBinarySizes(String text, long bytes) {
        assertThat(DataSizes.parse("max.size", text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "-1MB", "1.5GB", "12 parsecs", "999999999999999TB"})
    void rejectsMalformedSizes(String text) {
        assertThatThrownBy(() -> DataSizes.parse("max.size", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("max.size '");
    }

    @ParameterizedTest
    @CsvSource({"740,740B", "1536,1.5KB", "536870912,512.0MB", "1610612736,1.5GB"})
    void printsReadableSizes(long bytes, String text) {
        assertThat(DataSizes.format(bytes)).isEqualTo(text);
    }
}
