package io.goadmin.shell.impl;

/** Where a command's lines go: the Gogo console or a control-socket client. Safe to call from several threads. */
public interface Output {

    /** One line (no line break) for standard output. */
    void out(String line);

    /** One line (no line break) for standard error. */
    void err(String line);
}
