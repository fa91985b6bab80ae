package dev.capstan.data.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The patterns of the repository's root {@code .dvcignore}, in gitignore syntax: {@code #} comments, {@code !}
 * negation (last match wins), {@code *}, {@code ?}, {@code [...]}, {@code **}, a leading or inner {@code /}
 * anchoring the pattern at the root, a trailing {@code /} for directories only. {@code .dvcignore} files in
 * subdirectories are not read. Immutable, thread-safe.
 */
public final class DvcIgnore {

    private record Rule(Pattern regex, boolean negated, boolean dirOnly) {
    }

    private final List<Rule> rules;

    private DvcIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    public static DvcIgnore load(Path root) {
        try {
            return parse(Files.readAllLines(root.resolve(".dvcignore"), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new DvcIgnore(List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read .dvcignore: " + e.getMessage(), e);
        }
    }

    public static DvcIgnore parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            String p = line.stripTrailing();
            if (p.isEmpty() || p.startsWith("#")) {
                continue;
            }
            boolean negated = p.startsWith("!");
            if (negated) {
                p = p.substring(1);
            }
            boolean dirOnly = p.endsWith("/");
            if (dirOnly) {
                p = p.substring(0, p.length() - 1);
            }
            boolean anchored = p.contains("/");
            if (p.startsWith("/")) {
                p = p.substring(1);
            }
            String regex = (anchored ? "" : "(?:.*/)?") + glob(p);
            rules.add(new Rule(Pattern.compile(regex), negated, dirOnly));
        }
        return new DvcIgnore(List.copyOf(rules));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether {@code relpath} (from the root, posix) is ignored; its parents are checked by the walk. */
    public boolean ignores(String relpath, boolean isDir) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if ((!rule.dirOnly || isDir) && rule.regex.matcher(relpath).matches()) {
                ignored = !rule.negated;
            }
        }
        return ignored;
    }

    private static String glob(String p) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < p.length() && p.charAt(i + 2) == '/';
                re.append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int end = p.indexOf(']', i + 1);
                if (end < 0) {
                    re.append("\\[");
                } else {
                    String set = p.substring(i + 1, end).replace("\\", "\\\\");
                    re.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                    i = end;
                }
            } else if (c == '\\' && i + 1 < p.length()) {
                re.append(Pattern.quote(String.valueOf(p.charAt(++i))));
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
