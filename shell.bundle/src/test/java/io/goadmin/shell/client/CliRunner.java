package io.goadmin.shell.client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs {@link GoadminCli} in-process, as the bin/goadmin script would, capturing its output and exit status. */
public final class CliRunner {
    /** What the CLI printed and returned. */
    public record Result(int status, String out, String err) {
    }

    private CliRunner() {
    }

    /** Runs the CLI with {@code args}, without GOADMIN_HOME. */
    public static Result run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = GoadminCli.run(args, null, outStream, errStream);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
