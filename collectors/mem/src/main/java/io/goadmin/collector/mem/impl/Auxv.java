package io.goadmin.collector.mem.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the page size from {@code /proc/self/auxv}, the kernel's auxiliary vector ({@code AT_PAGESZ}, what
 * {@code getpagesize()} returns): pairs of native words, type then value, ending with type 0. No native code needed.
 */
final class Auxv {
    private static final long AT_NULL = 0;
    private static final long AT_PAGESZ = 6;

    private Auxv() {
    }

    /** The page size of this JVM's machine from {@code auxv}, or -1 if it cannot be read. */
    static long pageSize(Path auxv) {
        try {
            int wordBytes = "32".equals(System.getProperty("sun.arch.data.model")) ? 4 : 8;
            return pageSize(Files.readAllBytes(auxv), wordBytes, ByteOrder.nativeOrder());
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    /** The {@code AT_PAGESZ} value of an auxiliary vector of {@code wordBytes}-byte words, or -1 if it has none. */
    static long pageSize(byte[] auxv, int wordBytes, ByteOrder order) {
        ByteBuffer words = ByteBuffer.wrap(auxv).order(order);
        while (words.remaining() >= 2 * wordBytes) {
            long type = word(words, wordBytes);
            long value = word(words, wordBytes);
            if (type == AT_PAGESZ) {
                return value > 0 ? value : -1;
            }
            if (type == AT_NULL) {
                break;
            }
        }
        return -1;
    }

    private static long word(ByteBuffer words, int wordBytes) {
        return wordBytes == 4 ? Integer.toUnsignedLong(words.getInt()) : words.getLong();
    }
}
