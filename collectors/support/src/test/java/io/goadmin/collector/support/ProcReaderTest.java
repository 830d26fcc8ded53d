package io.goadmin.collector.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcReaderTest {
    @TempDir
    Path folder;

    private final ProcReader reader = new ProcReader();

    @Test
    void readsFilesLargerThanItsBufferAndSmallOnesAfterThem() throws IOException {
        String large = "cpu0 1 2 3\n".repeat(3000); // 33,000 bytes: the buffer grows twice
        Path big = Files.writeString(folder.resolve("big"), large);
        Path small = Files.writeString(folder.resolve("small"), "0x1003\nrest\n");

        assertThat(reader.read(big)).isEqualTo(large);
        assertThat(reader.read(small)).isEqualTo("0x1003\nrest\n");
        assertThat(reader.readLine(small)).isEqualTo("0x1003");
        assertThat(reader.read(Files.writeString(folder.resolve("empty"), ""))).isEmpty();
    }

    @Test
    void keepsEveryByteAsOneChar() throws IOException {
        byte[] bytes = {'a', (byte) 0xc3, (byte) 0xa9, 'b'};
        Path file = Files.write(folder.resolve("bytes"), bytes);

        String text = reader.read(file);

        assertThat(text).hasSize(4);
        assertThat(text.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(bytes);
    }

    @Test
    void aMissingFileIsAnIoException() {
        assertThatThrownBy(() -> reader.read(folder.resolve("gone"))).isInstanceOf(IOException.class)
                .isNotInstanceOf(NoSuchFileException.class); // FileInputStream reports FileNotFoundException
    }
}
