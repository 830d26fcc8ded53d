package io.goadmin.collector.support;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads small kernel files ({@code /proc}, {@code /sys}) whole, reusing one buffer, because their reported size is
 * zero and they are read on every poll. Text is decoded as ISO-8859-1 (one char per byte), which keeps non-ASCII
 * bytes intact for callers that decode names later. Not thread-safe: one reader per collector poll.
 */
public final class ProcReader {
    private byte[] buffer = new byte[8192];

    /** The whole content of {@code file}. */
    public String read(Path file) throws IOException {
        int length = 0;
        // FileInputStream costs less per open than Files.newInputStream (no channel); it matters for /proc/[pid]
        try (InputStream in = new FileInputStream(file.toFile())) {
            int n;
            while ((n = in.read(buffer, length, buffer.length - length)) > 0) {
                length += n;
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
        }
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** The first line of {@code file} without its line end, as sysfs attributes are written. */
    public String readLine(Path file) throws IOException {
        String text = read(file);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
