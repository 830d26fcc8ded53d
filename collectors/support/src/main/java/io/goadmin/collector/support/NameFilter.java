package io.goadmin.collector.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Include and exclude lists of glob patterns ({@code *} any run of characters, {@code ?} one character) for device,
 * interface, mount point and file-system names. A name passes when the include list is empty or one of its patterns
 * matches, and no exclude pattern matches. Immutable and thread-safe.
 */
public final class NameFilter {
    private final List<Pattern> include;
    private final List<Pattern> exclude;

    private NameFilter(List<Pattern> include, List<Pattern> exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /**
     * A filter from configuration arrays; each entry may itself be a comma-separated list (as a plain
     * {@code .cfg} line gives it), and blank entries are ignored.
     */
    public static NameFilter of(String[] include, String[] exclude) {
        return new NameFilter(compile(include), compile(exclude));
    }

    /** True if {@code name} passes the include and exclude lists. */
    public boolean accepts(String name) {
        if (!include.isEmpty() && !matchesAny(include, name)) {
            return false;
        }
        return !matchesAny(exclude, name);
    }

    private static boolean matchesAny(List<Pattern> patterns, String name) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> compile(String[] globs) {
        List<Pattern> patterns = new ArrayList<>();
        if (globs != null) {
            for (String entry : globs) {
                if (entry == null) {
                    continue;
                }
                for (String glob : entry.split(",")) {
                    if (!glob.isBlank()) {
                        patterns.add(toPattern(glob.trim()));
                    }
                }
            }
        }
        return List.copyOf(patterns);
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
