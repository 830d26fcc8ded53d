package io.goadmin.shell.impl;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

import io.goadmin.core.json.Json;
import io.goadmin.core.units.Durations;

/**
 * The one formatting helper every command writes through: aligned tables and lines for people, JSON for scripts
 * ({@code --json}), errors as one line on standard error. Text is made printable so nothing a collector or a user
 * typed can reach a terminal as a control sequence.
 */
final class Printer {
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");

    private final Output output;
    private final boolean json;

    Printer(Output output, boolean json) {
        this.output = output;
        this.json = json;
    }

    /** True if the caller asked for JSON. */
    boolean json() {
        return json;
    }

    /** The whole result as one indented JSON document on standard output. */
    void printJson(Object value) {
        text(Json.writePretty(value));
    }

    /** A table's lines on standard output. */
    void print(Table table) {
        table.lines().forEach(this::text);
    }

    /** Text (possibly several lines) on standard output. */
    void text(String text) {
        if (text.indexOf('\n') < 0) {
            output.out(printable(text));
            return;
        }
        for (String line : LINE_BREAK.split(text, -1)) {
            output.out(printable(line));
        }
    }

    /** One line on standard error: an error, a warning or progress. */
    void err(String text) {
        output.err(printable(text.replace('\n', ' ')));
    }

    /** The error line for {@code message}. */
    void error(String message) {
        err("error: " + message);
    }

    /** {@code text} with control characters replaced by {@code ?}. */
    static String printable(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        return clean.toString();
    }

    /** A UTC time to the second, such as {@code 2026-12-03T19:02:21Z}; {@code -} for never. */
    static String time(Long epochMillis) {
        return epochMillis == null ? "-" : Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** How long ago {@code epochMillis} was (or how long until it comes), such as {@code 3s ago} or {@code in 7s}. */
    static String relative(Long epochMillis, long now) {
        if (epochMillis == null) {
            return "-";
        }
        long delta = now - epochMillis;
        String amount = duration(Math.abs(delta) < 1000 ? Math.abs(delta) : Math.abs(delta) / 1000 * 1000);
        return delta >= 0 ? amount + " ago" : "in " + amount;
    }

    /** A duration such as {@code 1h30m} or {@code 250ms}; {@code -} for unknown. */
    static String duration(Long millis) {
        return millis == null ? "-" : Durations.format(Duration.ofMillis(millis));
    }

    /** A latency in microseconds, such as {@code 850us} or {@code 12.5ms}. */
    static String micros(long micros) {
        return micros < 1000 ? micros + "us" : String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
    }
}
