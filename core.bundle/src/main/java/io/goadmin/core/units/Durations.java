package io.goadmin.core.units;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations written the way admins write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 30d}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");
    /** The longest accepted duration: 100 years, far beyond any retention and safe in milliseconds. */
    public static final Duration MAX = Duration.ofDays(36_500);

    private Durations() {
    }

    /**
     * Parses {@code text} such as {@code 10s}; several parts add up ({@code 1h30m}).
     *
     * @param setting the name shown in the error, for example {@code interval}
     * @throws IllegalArgumentException naming the setting, the value and the accepted form
     */
    public static Duration parse(String setting, String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher part = FORMAT.matcher(trimmed);
        Duration total = Duration.ZERO;
        int end = 0;
        while (!trimmed.isEmpty() && part.find() && part.start() == end) {
            total = total.plus(unit(Long.parseLong(part.group(1)), part.group(2)));
            end = part.end();
        }
        if (trimmed.isEmpty() || end != trimmed.length()) {
            throw new IllegalArgumentException(setting + " '" + text
                    + "' is not a duration: write a number and a unit (ms, s, m, h, d), for example 10s or 30d");
        }
        // Everything downstream works in milliseconds: refuse what does not fit rather than overflow later.
        if (total.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(setting + " '" + text + "' is too long: use at most "
                    + format(MAX));
        }
        return total;
    }

    /** Parses a duration that must be at least {@code min}. */
    public static Duration parseAtLeast(String setting, String text, Duration min) {
        Duration value = parse(setting, text);
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(setting + " '" + text + "' is too short: use at least " + format(min));
        }
        return value;
    }

    /** Prints {@code duration} in the largest units that keep it exact, for example {@code 1h30m} or {@code 250ms}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (millis < 0) {
            out.append('-');
            millis = -millis;
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis >= sizes[i]) {
                out.append(millis / sizes[i]).append(names[i]);
                millis %= sizes[i];
            }
        }
        return out.toString();
    }

    private static Duration unit(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
