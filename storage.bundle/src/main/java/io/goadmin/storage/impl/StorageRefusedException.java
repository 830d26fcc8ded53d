package io.goadmin.storage.impl;

import io.goadmin.core.StorageException;

/**
 * Storage refuses to start: a bad setting, an unsafe path, a database held by another process, a corrupt file. The
 * message is the one line the admin sees (what, where, the fix); it carries no stack trace because it is not a bug.
 */
public final class StorageRefusedException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Creates the refusal with its one-line message. */
    public StorageRefusedException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
