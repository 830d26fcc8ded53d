package io.goadmin.shell.client;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control socket's wire format, shared by the daemon and the CLI (JDK classes only, so the CLI needs no JSON
 * library). See {@code docs/cli.md}.
 *
 * <p>Request: one UTF-8 line, {@code goadmin/1} followed by the command and its arguments, each URL-encoded and
 * separated by one space. Response: lines starting with {@code out }, {@code err } (a line for the client's stdout or
 * stderr) and a last line {@code exit N}.
 */
public final class Protocol {
    /** First word of every request: the protocol and its version. */
    public static final String MAGIC = "goadmin/1";
    /** Prefix of a response line for the client's standard output. */
    public static final String OUT = "out ";
    /** Prefix of a response line for the client's standard error. */
    public static final String ERR = "err ";
    /** Prefix of the last response line, carrying the exit status. */
    public static final String EXIT = "exit ";

    /** Exit status: the command succeeded. */
    public static final int EXIT_OK = 0;
    /** Exit status: the command failed or was refused. */
    public static final int EXIT_ERROR = 1;
    /** Exit status: the command line is wrong. */
    public static final int EXIT_USAGE = 2;
    /** Exit status: no daemon answers on the socket. */
    public static final int EXIT_NOT_RUNNING = 3;

    /** The daemon's pid under its home, written by {@code bin/goadmin serve} just before it becomes the JVM. */
    public static final String PID_FILE = "run/goadmin.pid";
    /** The JVM argument that names the daemon's home, and so tells a daemon's process from any other. */
    public static final String HOME_ARGUMENT = "-Dgoadmin.home=";

    private Protocol() {
    }

    /** The request line (without its line break) for {@code argv}: the command and its arguments. */
    public static String encodeRequest(List<String> argv) {
        StringBuilder line = new StringBuilder(MAGIC);
        for (String arg : argv) {
            line.append(' ').append(URLEncoder.encode(arg, StandardCharsets.UTF_8));
        }
        return line.toString();
    }

    /**
     * The command and arguments carried by a request line (without its line break).
     *
     * @throws IllegalArgumentException if the line is not a {@link #MAGIC} request
     */
    public static List<String> decodeRequest(String line) {
        if (!line.equals(MAGIC) && !line.startsWith(MAGIC + " ")) {
            throw new IllegalArgumentException("not a goadmin/1 request");
        }
        List<String> argv = new ArrayList<>();
        if (line.length() > MAGIC.length()) {
            for (String word : line.substring(MAGIC.length() + 1).split(" ", -1)) {
                argv.add(URLDecoder.decode(word, StandardCharsets.UTF_8));
            }
        }
        return argv;
    }
}
