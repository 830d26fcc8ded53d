package io.goadmin.shell.impl;

import io.goadmin.core.AuditEvent;

/**
 * Who runs a command and through which channel: the audit subject and source.
 *
 * @param subject the user, for example {@code alice} or {@code uid:1000}
 * @param source {@link AuditEvent#SOURCE_CLI} or {@link AuditEvent#SOURCE_SHELL}
 */
public record Caller(String subject, String source) {
}
