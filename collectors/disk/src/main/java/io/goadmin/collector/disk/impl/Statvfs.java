package io.goadmin.collector.disk.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code statvfs(3)} through JNA: sizes and inode counts from one system call (java.io.File makes three and has no
 * inode counts). Only for 64-bit Linux, where the first eight fields of {@code struct statvfs} are eight-byte
 * words in glibc and musl alike: bsize, frsize, blocks, bfree, bavail, files, ffree, favail.
 */
final class Statvfs {
    /** Bigger than {@code struct statvfs} (112 bytes in glibc, 120 in musl on 64-bit Linux). */
    private static final int BUFFER_BYTES = 256;

    /** Empty once linked, else why not; null until the first try. */
    private static String linkResult;

    private Statvfs() {
    }

    /**
     * Links {@code statvfs} from the C library; null if it works here, or why it does not (the caller then reads
     * sizes through java.io.File and reports no inode counts).
     */
    static synchronized String link() {
        if (linkResult == null) {
            linkResult = tryLink();
        }
        return linkResult.isEmpty() ? null : linkResult;
    }

    private static String tryLink() {
        try {
            if (!Platform.isLinux() || !Platform.is64Bit()) { // Platform is plain Java: no native code loaded yet
                return "not 64-bit Linux";
            }
            if (System.getProperty("jna.tmpdir") == null) {
                // JNA unpacks its native library into ~/.cache/JNA by default; the daemon keeps its files in its
                // home, and its launcher points java.io.tmpdir at the private <home>/tmp
                System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
            }
            Native.register(Statvfs.class, Platform.C_LIBRARY_NAME);
            return "";
        } catch (LinkageError | RuntimeException e) { // no JNA, or its native library does not load here
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The space and inode counts of {@code path}; only after {@link #link()} succeeded. */
    static MountStatter.Space read(String path) throws IOException {
        byte[] name = (path + '\0').getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            statvfs(name, buffer);
        } catch (LastErrorException e) {
            throw new IOException("statvfs " + path + " failed: errno " + e.getErrorCode(), e);
        }
        return parse(buffer, ByteOrder.nativeOrder());
    }

    /** A filled {@code struct statvfs} of 64-bit Linux, in {@code order}. */
    static MountStatter.Space parse(byte[] struct, ByteOrder order) {
        ByteBuffer fields = ByteBuffer.wrap(struct).order(order);
        long frsize = fields.getLong(8);
        return new MountStatter.Space(fields.getLong(16) * frsize, fields.getLong(24) * frsize,
                fields.getLong(32) * frsize, fields.getLong(40), fields.getLong(48));
    }

    private static native int statvfs(byte[] path, byte[] buffer) throws LastErrorException;
}
