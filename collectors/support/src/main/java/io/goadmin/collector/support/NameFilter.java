package io.goadmin.collector.support;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Include and exclude lists of glob patterns ({@code *} any run of characters, {@code ?} one character) for device,
 * interface, mount point and file-system names. A name passes when the include list is empty or one of its patterns
 * matches, and no exclude pattern matches. Plain names and {@code prefix*} patterns are checked without regular
 * expressions, since filters run for every device on every poll. Immutable and thread-safe.
 */
public final class NameFilter {
    private final Globs include;
    private final Globs exclude;

    private NameFilter(Globs include, Globs exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /**
     * A filter from configuration arrays; each entry may itself be a comma-separated list (as a plain
     * {@code .cfg} line gives it), and blank entries are ignored.
     */
    public static NameFilter of(String[] include, String[] exclude) {
        return new NameFilter(Globs.of(include), Globs.of(exclude));
    }

    /** True if {@code name} passes the include and exclude lists. */
    public boolean accepts(String name) {
        if (!include.isEmpty() && !include.matches(name)) {
            return false;
        }
        return !exclude.matches(name);
    }

    /** One list of globs, sorted by how cheaply they match. */
    private record Globs(Set<String> exact, List<String> prefixes, List<Pattern> patterns) {

        static Globs of(String[] entries) {
            Set<String> exact = new HashSet<>();
            List<String> prefixes = new ArrayList<>();
            List<Pattern> patterns = new ArrayList<>();
            if (entries != null) {
                for (String entry : entries) {
                    if (entry == null) {
                        continue;
                    }
                    for (String part : entry.split(",")) {
                        String glob = part.trim();
                        int wildcards = count(glob, '*') + count(glob, '?');
                        if (glob.isEmpty()) {
                            continue;
                        } else if (wildcards == 0) {
                            exact.add(glob);
                        } else if (wildcards == 1 && glob.endsWith("*")) {
                            prefixes.add(glob.substring(0, glob.length() - 1));
                        } else {
                            patterns.add(toPattern(glob));
                        }
                    }
                }
            }
            return new Globs(Set.copyOf(exact), List.copyOf(prefixes), List.copyOf(patterns));
        }

        boolean isEmpty() {
            return exact.isEmpty() && prefixes.isEmpty() && patterns.isEmpty();
        }

        boolean matches(String name) {
            if (exact.contains(name)) {
                return true;
            }
            for (String prefix : prefixes) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            for (Pattern pattern : patterns) {
                if (pattern.matcher(name).matches()) {
                    return true;
                }
            }
            return false;
        }

        private static int count(String text, char c) {
            int count = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == c) {
                    count++;
                }
            }
            return count;
        }
    }

    static Pattern toPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
