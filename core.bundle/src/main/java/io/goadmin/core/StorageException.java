package io.goadmin.core;

/**
 * A storage operation that did not happen: the record was not stored, the query did not run; or, for a save given up
 * while its commit was under way, an outcome that is unknown, which the message says (see {@link Storage}).
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message fit to show the user. */
    public StorageException(String message) {
        super(message);
    }

    /** Creates the exception with a message fit to show the user and its cause for the log. */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
