package io.goadmin.shell.impl;

/** A service a command needs (storage, the scheduler) is not running; the message says which and what to check. */
final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
        super(message);
    }
}
