package io.goadmin.core;

/**
 * A finished online backup.
 *
 * @param target the file written
 * @param bytes its size
 * @param durationMillis how long it took
 * @param integrity the result of {@code PRAGMA integrity_check} on the copy ({@code ok} when sound)
 */
public record BackupResult(String target, long bytes, long durationMillis, String integrity) {
}
