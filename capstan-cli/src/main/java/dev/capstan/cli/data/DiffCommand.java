package dev.capstan.cli.data;

import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.data.internal.PythonJson;
import dev.capstan.data.DataDiff;
import dev.capstan.data.DataDiff.Change;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code data diff}: {@code dvc diff}, printed as {@code dvc/commands/diff.py} prints it: sections {@code Added},
 * {@code Deleted}, {@code Renamed}, {@code Modified}, {@code Not in cache} and a {@code files summary:} line;
 * {@code --json} as DVC writes it to a pipe; {@code --md} as tabulate's {@code github} table.
 */
@Command(name = "diff", description = "Show added, modified, deleted or renamed data between git commits, or between "
        + "a commit and the workspace.")
final class DiffCommand implements Runnable {

    private static final String[] STATES = {"added", "deleted", "renamed", "modified", "not in cache"};

    @Spec
    private CommandSpec spec;
    @Mixin
    private RepoOptions options;
    @Parameters(index = "0", arity = "0..1", paramLabel = "A_REV", defaultValue = "HEAD",
            description = "Old git commit to compare (default: HEAD).")
    private String aRev;
    @Parameters(index = "1", arity = "0..1", paramLabel = "B_REV",
            description = "New git commit to compare (default: the workspace).")
    private String bRev;
    @Option(names = "--targets", arity = "1..*", paramLabel = "PATH",
            description = ".dvc files, tracked paths or paths inside tracked directories to compare (default: all).")
    private List<String> targets;
    @Option(names = "--json", description = "Print DVC's JSON: {\"added\": [{\"path\": ...}], \"deleted\": ..., "
            + "\"modified\": ..., \"renamed\": ..., \"not in cache\": ...}.")
    private boolean json;
    @Option(names = "--md", description = "Print a Markdown (GFM) table.")
    private boolean markdown;
    @Option(names = "--show-hash", description = "Show each entry's hash (the first 8 characters in text).")
    private boolean showHash;
    @Option(names = "--hide-missing", description = "Leave out the 'not in cache' entries.")
    private boolean hideMissing;

    @Override
    public void run() {
        DataDiff.Result result = new DataDiff(options.repo()).diff(aRev, bRev, options.resolve(targets));
        boolean hide = bRev != null || hideMissing;
        Map<String, List<Change>> diff = new LinkedHashMap<>();
        if (!result.isEmpty()) {
            diff.put("added", result.added());
            diff.put("deleted", result.deleted());
            diff.put("modified", result.modified());
            diff.put("renamed", result.renamed());
            if (!hide) {
                diff.put("not in cache", result.notInCache());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(diff));
        } else if (markdown) {
            out.print(markdown(diff));
        } else if (!diff.isEmpty()) {
            out.print(text(diff));
        }
        out.flush();
    }

    /** {@code _show_diff}: a section per non-empty state, then the count of files (not directories) per state. */
    static String text(Map<String, List<Change>> diff, boolean showHash) {
        StringBuilder text = new StringBuilder();
        List<String> summary = new ArrayList<>();
        for (String state : STATES) {
            List<Change> entries = diff.get(state);
            if (entries == null || entries.isEmpty()) {
                continue;
            }
            text.append(Character.toUpperCase(state.charAt(0))).append(state.substring(1)).append(":\n");
            int files = 0;
            for (Change c : entries) {
                String path = shownPath(state, c);
                files += path.endsWith("/") ? 0 : 1;
                text.append("    ").append(showHash ? digest(state, c) + "  " : "").append(path).append('\n');
            }
            text.append('\n');
            if (files > 0) {
                summary.add(files + " " + state);
            }
        }
        if (!summary.isEmpty()) {
            text.append("files summary: ").append(String.join(", ", summary)).append('\n');
        }
        return text.toString();
    }

    private String text(Map<String, List<Change>> diff) {
        return text(diff, showHash);
    }

    /** {@code _show_markdown}: tabulate's {@code github} format, then an empty line. */
    static String markdown(Map<String, List<Change>> diff, boolean showHash) {
        List<String[]> rows = new ArrayList<>();
        for (String state : STATES) {
            for (Change c : diff.getOrDefault(state, List.of())) {
                String path = shownPath(state, c);
                rows.add(showHash ? new String[] {state, digest(state, c), path} : new String[] {state, path});
            }
        }
        String[] headers = showHash ? new String[] {"Status", "Hash", "Path"} : new String[] {"Status", "Path"};
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length() + 2; // tabulate's MIN_PADDING for headers
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder md = new StringBuilder();
        row(md, headers, widths);
        for (int w : widths) {
            md.append('|').append("-".repeat(w + 2));
        }
        md.append("|\n");
        rows.forEach(r -> row(md, r, widths));
        return md.append('\n').toString();
    }

    private String markdown(Map<String, List<Change>> diff) {
        return markdown(diff, showHash);
    }

    private static void row(StringBuilder md, String[] cells, int[] widths) {
        for (int i = 0; i < cells.length; i++) {
            md.append("| ").append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(' ');
        }
        md.append("|\n");
    }

    private static String shownPath(String state, Change c) {
        return state.equals("renamed") ? c.oldPath() + " -> " + c.newPath() : c.path();
    }

    /** DVC's {@code _digest}: 8 characters of the hash, {@code old..new} for a modification. */
    private static String digest(String state, Change c) {
        if (state.equals("modified")) {
            return first8(c.oldHash()) + ".." + first8(c.newHash());
        }
        return first8(state.equals("added") ? c.newHash() : c.oldHash());
    }

    private static String first8(String hash) {
        return hash == null ? "" : hash.substring(0, Math.min(8, hash.length()));
    }

    /** Python's {@code json.dumps} (separators {@code ", "} and {@code ": "}, non-ASCII as {@code \\uXXXX}). */
    private String json(Map<String, List<Change>> diff) {
        StringBuilder json = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<String, List<Change>> e : diff.entrySet()) {
            json.append(sep);
            quote(json, e.getKey());
            json.append(": [");
            String itemSep = "";
            for (Change c : e.getValue()) {
                json.append(itemSep).append("{\"path\": ");
                if (e.getKey().equals("renamed")) {
                    pair(json, c.oldPath(), c.newPath());
                } else {
                    quote(json, c.path());
                }
                if (showHash) {
                    json.append(", \"hash\": ");
                    if (e.getKey().equals("modified")) {
                        pair(json, c.oldHash(), c.newHash());
                    } else {
                        quote(json, e.getKey().equals("added") ? c.newHash() : c.oldHash());
                    }
                }
                json.append('}');
                itemSep = ", ";
            }
            json.append(']');
            sep = ", ";
        }
        return json.append('}').toString();
    }

    private static void pair(StringBuilder json, String old, String now) {
        json.append("{\"old\": ");
        quote(json, old);
        json.append(", \"new\": ");
        quote(json, now);
        json.append('}');
    }

    private static void quote(StringBuilder json, String s) {
        json.append(s == null ? "null" : PythonJson.quoted(s));
    }
}
