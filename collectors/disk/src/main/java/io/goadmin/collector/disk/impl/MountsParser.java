package io.goadmin.collector.disk.impl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code /proc/mounts} ({@code device path fstype options dump pass}). The kernel escapes space, tab, newline
 * and backslash in names as three octal digits ({@code \040}); those are decoded, and the bytes of a name are read
 * as UTF-8. When a path is mounted over more than once only the last (visible) mount is kept. Pure and stateless.
 */
final class MountsParser {
    private MountsParser() {
    }

    /** The visible mounts of {@code text} (decoded as ISO-8859-1, one char per byte), in file order. */
    static List<Mount> parse(String text) {
        Map<String, Mount> byPath = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length < 3) {
                continue;
            }
            Mount mount = new Mount(unescape(fields[0]), unescape(fields[1]), unescape(fields[2]));
            byPath.remove(mount.path());
            byPath.put(mount.path(), mount);
        }
        return new ArrayList<>(byPath.values());
    }

    /** {@code field} with {@code \ooo} octal escapes decoded and its bytes read as UTF-8. */
    static String unescape(String field) {
        boolean plain = true;
        for (int i = 0; i < field.length() && plain; i++) {
            plain = field.charAt(i) != '\\' && field.charAt(i) < 0x80;
        }
        if (plain) {
            return field;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                bytes.write(Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                bytes.write(c & 0xff);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(String text, int from) {
        if (from + 3 > text.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
