package io.goadmin.shell.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.goadmin.shell.client.CommandHelp;
import io.goadmin.shell.client.Protocol;

/**
 * The parser behind both front ends of {@link GoadminCommands}: the control socket, which gets a command line as the
 * {@code goadmin} CLI sends it ({@code purge --older-than 7d --dry-run}), and the Gogo console, whose
 * {@code goadmin:*} functions hand it their words. Only the goadmin commands exist here; a request for anything else
 * ({@code felix:lb}, {@code scr:list}, a Gogo script) is refused and audited as denied.
 */
final class CommandLine {
    /** How the CLI calls the commands, in usage lines. */
    static final String CLI = "goadmin ";
    /** How the Gogo console calls the commands, in usage lines. */
    static final String GOGO = "goadmin:";
    private static final String SCOPE = "goadmin:";
    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        SPECS.put("status", new Spec(Set.of(), Set.of(), 0, 0));
        SPECS.put("purge", new Spec(Set.of("older-than", "module"), Set.of("dry-run"), 0, 0));
        SPECS.put("query", new Spec(Set.of("module", "key", "tag", "since", "until", "step", "agg", "limit"),
                Set.of("rate"), 0, 2));
        SPECS.put("collectors", new Spec(Set.of(), Set.of(), 0, 0));
        SPECS.put("audit", new Spec(Set.of("subject", "action", "since", "limit"), Set.of(), 0, 0));
        SPECS.put("backup", new Spec(Set.of(), Set.of(), 1, 1));
    }

    private final GoadminCommands commands;
    private final String prefix;

    /** A parser whose usage lines call the commands with {@code prefix}: {@link #CLI} or {@link #GOGO}. */
    CommandLine(GoadminCommands commands, String prefix) {
        this.commands = commands;
        this.prefix = prefix;
    }

    /** Runs {@code argv} (the command, then its arguments) for {@code caller}; returns the exit status. */
    int run(Caller caller, List<String> argv, Output output) {
        return run(caller, argv, output, UnaryOperator.identity());
    }

    /**
     * Runs {@code argv} for {@code caller}; {@code backupFile} makes the backup file absolute (the front end knows
     * the user's working directory). Returns the exit status.
     */
    int run(Caller caller, List<String> argv, Output output, UnaryOperator<String> backupFile) {
        Printer printer = new Printer(output, false);
        if (argv.isEmpty()) {
            printer.error("no command given; the commands are " + String.join(", ", SPECS.keySet()));
            return Protocol.EXIT_USAGE;
        }
        String name = argv.get(0).startsWith(SCOPE) ? argv.get(0).substring(SCOPE.length()) : argv.get(0);
        Spec spec = SPECS.get(name);
        if (spec == null) {
            return commands.denied(caller, argv, "'" + argv.get(0) + "' is not available through the control socket:"
                    + " only the goadmin commands are (" + String.join(", ", SPECS.keySet()) + ")", output);
        }
        Parsed parsed;
        try {
            parsed = spec.parse(argv.subList(1, argv.size()));
        } catch (IllegalArgumentException e) {
            printer.error(e.getMessage() + "; " + CommandHelp.usage(prefix, name));
            return Protocol.EXIT_USAGE;
        }
        if (parsed.help()) {
            printer.text(CommandHelp.help(prefix, name));
            return Protocol.EXIT_OK;
        }
        boolean json = parsed.flag("json");
        return switch (name) {
            case "status" -> commands.status(caller, json, output);
            case "purge" -> commands.purge(caller, parsed.option("older-than"), parsed.option("module"),
                    parsed.flag("dry-run"), json, output);
            case "query" -> query(caller, parsed, json, printer, output);
            case "collectors" -> commands.collectors(caller, json, output);
            case "audit" -> commands.audit(caller, parsed.option("subject"), parsed.option("action"),
                    parsed.option("since"), parsed.option("limit"), json, output);
            default -> commands.backup(caller, backupFile.apply(parsed.positional(0)), json, output);
        };
    }

    private int query(Caller caller, Parsed parsed, boolean json, Printer printer, Output output) {
        QueryArgs args;
        try {
            args = QueryArgs.of(parsed.option("module"), parsed.option("key"), parsed.positional(0),
                    parsed.positional(1), parsed.options("tag"), parsed.option("since"), parsed.option("until"),
                    parsed.option("step"), parsed.option("agg"), parsed.option("limit"), parsed.flag("rate"));
        } catch (IllegalArgumentException e) {
            printer.error(e.getMessage() + "; " + CommandHelp.usage(prefix, "query"));
            return Protocol.EXIT_USAGE;
        }
        return commands.query(caller, args, json, output);
    }

    /**
     * One command's syntax: options taking a value, flags (every command also has --json), positional counts. Its
     * help is in {@link CommandHelp}.
     */
    private record Spec(Set<String> options, Set<String> flags, int minPositional, int maxPositional) {

        Parsed parse(List<String> words) {
            Map<String, List<String>> values = new HashMap<>();
            Set<String> given = new HashSet<>();
            List<String> positional = new ArrayList<>();
            boolean help = false;
            boolean optionsEnd = false;
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                if (optionsEnd || !word.startsWith("-") || word.equals("-")) {
                    positional.add(word);
                } else if (word.equals("--")) {
                    optionsEnd = true;
                } else if (word.equals("--help") || word.equals("-h")) {
                    help = true;
                } else {
                    int equals = word.indexOf('=');
                    String option = word.substring(word.startsWith("--") ? 2 : 1, equals < 0 ? word.length() : equals);
                    if (option.equals("json") || flags.contains(option)) {
                        if (equals >= 0) {
                            throw new IllegalArgumentException("--" + option + " takes no value");
                        }
                        given.add(option);
                    } else if (options.contains(option)) {
                        if (equals < 0 && i + 1 >= words.size()) {
                            throw new IllegalArgumentException("--" + option + " needs a value");
                        }
                        String value = equals >= 0 ? word.substring(equals + 1) : words.get(++i);
                        List<String> list = values.computeIfAbsent(option, key -> new ArrayList<>());
                        if (!list.isEmpty() && !option.equals("tag")) {
                            throw new IllegalArgumentException("--" + option + " is given twice");
                        }
                        list.add(value);
                    } else {
                        throw new IllegalArgumentException("unknown option " + word);
                    }
                }
            }
            if (!help && (positional.size() < minPositional || positional.size() > maxPositional)) {
                throw new IllegalArgumentException(positional.size() < minPositional ? "missing arguments"
                        : "unexpected argument '" + positional.get(maxPositional) + "'");
            }
            return new Parsed(help, given, values, positional);
        }
    }

    private record Parsed(boolean help, Set<String> flags, Map<String, List<String>> values, List<String> positional) {

        boolean flag(String name) {
            return flags.contains(name);
        }

        String option(String name) {
            List<String> list = values.get(name);
            return list == null ? null : list.get(0);
        }

        List<String> options(String name) {
            return values.getOrDefault(name, List.of());
        }

        String positional(int index) {
            return index < positional.size() ? positional.get(index) : null;
        }
    }
}
