package io.goadmin.core.units;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints sizes such as {@code 512MB} or {@code 2GiB}. Units are binary: 1KB = 1KiB = 1024 bytes, as
 * {@code df -h} and {@code du -h} show them.
 */
public final class DataSizes {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,15})\\s*(b|kb|kib|k|mb|mib|m|gb|gib|g|tb|tib|t)?");
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private DataSizes() {
    }

    /**
     * Parses {@code text} such as {@code 512MB} into bytes.
     *
     * @param setting the name shown in the error, for example {@code max.size}
     * @throws IllegalArgumentException naming the setting, the value and the accepted form
     */
    public static long parse(String setting, String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = FORMAT.matcher(trimmed);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(setting + " '" + text
                    + "' is not a size: write a number and a unit (B, KB, MB, GB, TB), for example 512MB");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        if (shift > 0 && amount > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(setting + " '" + text + "' is too large");
        }
        return amount << shift;
    }

    /** Prints {@code bytes} with one decimal in the largest fitting unit, for example {@code 1.5GB} or {@code 740B}. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f%s", value, UNITS[unit]);
    }
}
