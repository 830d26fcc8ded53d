package io.goadmin.shell.impl;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.goadmin.core.units.Durations;

/** Parsing of option values shared by both front ends, with error messages that name the option and the fix. */
final class Arguments {
    private Arguments() {
    }

    /** True if an optional argument was not given. */
    static boolean absent(String value) {
        return value == null || value.isBlank();
    }

    /**
     * A point in time: an age such as {@code 1h} (that long before {@code now}) or a UTC time such as
     * {@code 2026-12-03T10:00:00Z}, {@code 2026-12-03T10:00} or {@code 2026-12-03}.
     */
    static long time(String option, String text, long now) {
        String trimmed = text.trim();
        try {
            return Math.max(0, now - Durations.parse(option, trimmed).toMillis());
        } catch (IllegalArgumentException notAnAge) {
            // try the absolute forms below
        }
        try {
            return Instant.parse(trimmed).toEpochMilli();
        } catch (DateTimeParseException notAnInstant) {
            // next form
        }
        try {
            return OffsetDateTime.parse(trimmed).toInstant().toEpochMilli();
        } catch (DateTimeParseException notOffset) {
            // next form
        }
        try {
            return LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException notLocal) {
            // next form
        }
        try {
            return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException notADate) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a time: write an age such as 1h or 30m,"
                    + " or a UTC time such as 2026-12-03T10:00:00Z");
        }
    }

    /**
     * A duration of at least {@code min}, such as {@code 7d}; {@code advice} says what to write instead. Checked
     * here, before core's records see it, so the message names the option and shows durations as they are typed
     * ({@code 0s}), never as Java prints them ({@code PT0S}).
     */
    static Duration duration(String option, String text, Duration min, String advice) {
        Duration value = Durations.parse(option, text);
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(option + " '" + text + "' is too short: " + advice);
        }
        return value;
    }

    /** A whole number from 1 to {@code max}. */
    static int count(String option, String text, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(option + " '" + text + "' must be a whole number from 1 to " + max);
    }

    /** Tag filters from {@code --tag k=v} options; one option may also hold several, as {@code k=v,k2=v2}. */
    static Map<String, String> tags(List<String> options) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String option : options) {
            for (String pair : option.split(",")) {
                int equals = pair.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("--tag '" + option
                            + "' must be key=value, for example --tag cpu=total or --tag path=/var");
                }
                tags.put(pair.substring(0, equals).trim(), pair.substring(equals + 1));
            }
        }
        return tags;
    }
}
