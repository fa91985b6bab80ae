package dev.capstan.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import dev.capstan.store.artifact.ArtifactFile;
import dev.capstan.store.artifact.RunArtifacts;
import dev.capstan.tracking.Run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /runs/ID/artifacts?path=P}: a run's artifact tree, a directory at a time, and a preview of a file: text as
 * it is, JSON pretty-printed, CSV as a table of its first rows, images shown. Files over {@value #PREVIEW_BYTES}
 * bytes, and kinds without a preview, are offered as downloads.
 */
final class ArtifactsPage {

    static final int PREVIEW_BYTES = 1 << 20;
    private static final int CSV_ROWS = 100;
    static final Set<String> IMAGES = Set.of("png", "jpg", "jpeg", "gif");
    private static final Set<String> TEXTS = Set.of("txt", "log", "md", "yaml", "yml", "py", "java", "sql", "toml",
            "ini", "cfg", "html", "xml", "svg", "json", "csv", "tsv");

    private ArtifactsPage() {
    }

    static String render(Run run, RunArtifacts artifacts, String path) {
        String runId = run.info().runId();
        StringBuilder body = new StringBuilder("<p class=\"muted\"><a href=\"/runs/").append(Html.encode(runId))
                .append("\">").append(Html.esc(Html.runName(run))).append("</a></p>\n<h1>Artifacts</h1>\n")
                .append(breadcrumb(runId, path));
        if (artifacts == null) {
            return Html.page("Artifacts", "experiments", body.append("<p class=\"empty\">This run's artifacts ("
                    + Html.esc(run.info().artifactUri()) + ") are not stored by this server.</p>").toString());
        }
        List<ArtifactFile> children = artifacts.list(path);
        if (!children.isEmpty() || path.isEmpty()) {
            body.append(listing(runId, children));
        } else {
            body.append(preview(runId, artifacts, path));
        }
        return Html.page("Artifacts", "experiments", body.toString());
    }

    private static String breadcrumb(String runId, String path) {
        StringBuilder crumbs = new StringBuilder("<nav aria-label=\"Path\"><a href=\"").append(link(runId, ""))
                .append("\">artifacts</a>");
        String sofar = "";
        for (String part : path.isEmpty() ? new String[0] : path.split("/")) {
            sofar = sofar.isEmpty() ? part : sofar + "/" + part;
            crumbs.append(" / <a href=\"").append(link(runId, sofar)).append("\">").append(Html.esc(part))
                    .append("</a>");
        }
        return crumbs.append("</nav>\n").toString();
    }

    private static String listing(String runId, List<ArtifactFile> children) {
        if (children.isEmpty()) {
            return "<p class=\"empty\">No artifacts.</p>";
        }
        StringBuilder table = new StringBuilder("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Name"
                + "</th><th scope=\"col\">Size</th></tr></thead><tbody>\n");
        for (ArtifactFile f : children) {
            String name = f.path().substring(f.path().lastIndexOf('/') + 1);
            table.append("<tr><td><a href=\"").append(link(runId, f.path())).append("\">").append(Html.esc(name))
                    .append(f.isDir() ? "/" : "").append("</a></td><td class=\"num\">")
                    .append(f.isDir() || f.fileSize() == null ? "" : f.fileSize() + " B").append("</td></tr>\n");
        }
        return table.append("</tbody></table></div>\n").toString();
    }

    private static String preview(String runId, RunArtifacts artifacts, String path) {
        String extension = extension(path);
        String raw = Html.href("/runs/" + Html.encode(runId) + "/artifact", Map.of("path", path));
        String download = "<p><a href=\"" + raw + "\">Download " + Html.esc(path) + "</a></p>\n";
        if (IMAGES.contains(extension)) {
            return "<img src=\"" + raw + "\" alt=\"" + Html.esc(path) + "\">\n" + download;
        }
        if (!TEXTS.contains(extension) && !path.endsWith("MLmodel")) {
            return "<p class=\"muted\">No preview for this kind of file.</p>\n" + download;
        }
        byte[] head = read(artifacts, path);
        if (head.length > PREVIEW_BYTES) {
            return "<p class=\"muted\">Larger than 1 MB: no preview.</p>\n" + download;
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (extension.equals("csv") || extension.equals("tsv")) {
            return csv(text, extension.equals("tsv") ? "\t" : ",") + download;
        }
        if (extension.equals("json")) {
            try {
                JsonNode json = Json.MAPPER.readTree(text);
                text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
            } catch (IOException e) {
                // shown as it is
            }
        }
        return "<pre>" + Html.esc(text) + "</pre>\n" + download;
    }

    /** The first rows of a delimited file as a table; quoted fields are shown as written. */
    private static String csv(String text, String separator) {
        List<String> lines = text.lines().limit(CSV_ROWS + 1L).toList();
        if (lines.isEmpty()) {
            return "<p class=\"empty\">Empty file.</p>";
        }
        StringBuilder table = new StringBuilder("<div class=\"table-wrap\"><table><thead><tr>");
        for (String h : lines.get(0).split(separator, -1)) {
            table.append("<th scope=\"col\">").append(Html.esc(h)).append("</th>");
        }
        table.append("</tr></thead><tbody>\n");
        for (String line : lines.subList(1, lines.size())) {
            table.append("<tr>");
            for (String v : line.split(separator, -1)) {
                table.append("<td>").append(Html.esc(v)).append("</td>");
            }
            table.append("</tr>\n");
        }
        return table.append("</tbody></table></div>\n<p class=\"muted\">First ").append(lines.size() - 1)
                .append(" rows.</p>\n").toString();
    }

    /** At most one byte more than a preview takes, so that a larger file is told apart without reading it all. */
    private static byte[] read(RunArtifacts artifacts, String path) {
        try (InputStream in = artifacts.open(path)) {
            return in.readNBytes(PREVIEW_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String link(String runId, String path) {
        return Html.href("/runs/" + Html.encode(runId) + "/artifacts", Map.of("path", path));
    }
}
