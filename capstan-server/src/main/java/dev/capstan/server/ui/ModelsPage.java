package dev.capstan.server.ui;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.registry.AliasRef;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.RegisteredModel;
import dev.capstan.registry.RegistryQuery;
import dev.capstan.registry.VersionLock;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Tag;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The registry: {@code /models} lists the registered models; {@code /models/NAME?version=N} shows one with its
 * aliases, tags and versions, and the lineage of a version (the champion's by default): the code commit, the data
 * versions and the parameters its run recorded, its metrics, who trained and who approved it.
 */
final class ModelsPage {

    private static final int PAGE_SIZE = 100;

    private ModelsPage() {
    }

    static String list(ModelRegistryStore registry, String pageToken) {
        Page<RegisteredModel> page = registry.searchRegisteredModels(new RegistryQuery(null, PAGE_SIZE,
                List.of("name ASC"), pageToken));
        StringBuilder body = new StringBuilder("<h1>Models</h1>\n");
        if (page.items().isEmpty()) {
            body.append("<p class=\"empty\">No registered models yet: <code>capstan train --register NAME</code>, "
                    + "<code>capstan models register</code> or any MLflow client registers one.</p>");
            return Html.page("Models", "models", body.toString());
        }
        body.append("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">"
                + "Latest version</th><th scope=\"col\">Aliases</th><th scope=\"col\">Updated (UTC)</th></tr>"
                + "</thead><tbody>\n");
        for (RegisteredModel m : page.items()) {
            String latest = m.latestVersions().stream().map(ModelVersion::version)
                    .max(Comparator.comparingLong(Long::parseLong)).orElse("");
            body.append("<tr><td><a href=\"/models/").append(Html.encode(m.name())).append("\">")
                    .append(Html.esc(m.name())).append("</a></td><td class=\"num\">").append(Html.esc(latest))
                    .append("</td><td>").append(Html.esc(aliases(m.aliases()))).append("</td><td>")
                    .append(Html.time(m.lastUpdatedTimestamp())).append("</td></tr>\n");
        }
        body.append("</tbody></table></div>\n");
        if (page.nextPageToken() != null) {
            body.append("<nav class=\"pager\" aria-label=\"Pages\"><a rel=\"next\" href=\"")
                    .append(Html.href("/models", Map.of("page_token", page.nextPageToken())))
                    .append("\">Next page</a></nav>");
        }
        return Html.page("Models", "models", body.toString());
    }

    static String model(ModelRegistryStore registry, String name, String chosen) {
        RegisteredModel model = registry.getRegisteredModel(name);
        List<ModelVersion> versions = registry.searchModelVersions(new RegistryQuery("name = '"
                + name.replace("'", "\\'") + "'", 1000, null, null)).items().stream()
                .sorted(Comparator.comparingLong((ModelVersion v) -> Long.parseLong(v.version())).reversed()).toList();
        StringBuilder body = new StringBuilder("<p class=\"muted\"><a href=\"/models\">Models</a></p><h1>")
                .append(Html.esc(name)).append("</h1>\n");
        if (model.description() != null && !model.description().isBlank()) {
            body.append("<p>").append(Html.esc(model.description())).append("</p>\n");
        }
        body.append("<p>Aliases: ").append(model.aliases().isEmpty() ? "<span class=\"muted\">none</span>"
                : Html.esc(aliases(model.aliases()))).append("</p>\n");
        body.append("<h2>Versions</h2>\n");
        if (versions.isEmpty()) {
            body.append("<p class=\"empty\">No versions.</p>");
            return Html.page(name, "models", body.toString());
        }
        body.append("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Version</th><th scope=\"col\">"
                + "Stage</th><th scope=\"col\">Aliases</th><th scope=\"col\">Run</th><th scope=\"col\">Created (UTC)"
                + "</th><th scope=\"col\">Source</th></tr></thead><tbody>\n");
        for (ModelVersion v : versions) {
            body.append("<tr><td><a href=\"").append(Html.href("/models/" + Html.encode(name),
                    Map.of("version", v.version()))).append("\">").append(Html.esc(v.version())).append("</a></td><td>")
                    .append(Html.esc(v.currentStage())).append("</td><td>").append(Html.esc(String.join(", ",
                            v.aliases() == null ? List.of() : v.aliases()))).append("</td><td>")
                    .append(v.runId() == null ? "" : "<a href=\"/runs/" + Html.encode(v.runId()) + "\">"
                            + Html.esc(v.runId()) + "</a>").append("</td><td>").append(Html.time(v.creationTimestamp()))
                    .append("</td><td class=\"muted\">").append(Html.esc(v.source())).append("</td></tr>\n");
        }
        body.append("</tbody></table></div>\n");
        String shown = chosen != null ? chosen : model.aliases().stream().filter(a -> a.alias().equals("champion"))
                .map(AliasRef::version).findFirst().orElse(versions.get(0).version());
        body.append(lineage(registry, name, shown));
        if (!model.tags().isEmpty()) {
            body.append("<h2>Tags</h2><div class=\"table-wrap\"><table><tbody>\n");
            for (Tag t : model.tags()) {
                body.append("<tr><th scope=\"row\">").append(Html.esc(t.key())).append("</th><td><pre>")
                        .append(Html.esc(t.value())).append("</pre></td></tr>\n");
            }
            body.append("</tbody></table></div>\n");
        }
        return Html.page(name, "models", body.toString());
    }

    /** Where a version comes from: its version lock, in the order data → run → version. */
    private static String lineage(ModelRegistryStore registry, String name, String version) {
        VersionLock lock;
        try {
            lock = registry.getVersionLock(name, version);
        } catch (CapstanException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
            return "<h2>Lineage of version " + Html.esc(version) + "</h2><p class=\"empty\">No version lock: the "
                    + "version has no run.</p>\n";
        }
        StringBuilder out = new StringBuilder("<h2>Lineage of version ").append(Html.esc(version)).append("</h2>\n")
                .append("<div class=\"table-wrap\"><table><tbody>\n");
        row(out, "Data", lock.data().isEmpty() ? "not recorded" : lock.data().stream().map(d -> d.name() + " ("
                + d.context() + ", digest " + d.digest() + ")").collect(Collectors.joining("; ")));
        row(out, "Code", lock.codeCommit() == null ? "not recorded" : lock.codeCommit()
                + (Boolean.TRUE.equals(lock.codeDirty()) ? " with uncommitted changes" : "")
                + (lock.codeSource() == null ? "" : " in " + lock.codeSource()));
        row(out, "Parameters", lock.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")));
        out.append("<tr><th scope=\"row\">Run</th><td>").append(lock.runId() == null ? "" : "<a href=\"/runs/"
                + Html.encode(lock.runId()) + "\">" + Html.esc(lock.runId()) + "</a>").append("</td></tr>\n");
        row(out, "Metrics", lock.metrics().entrySet().stream().map(e -> e.getKey() + " " + Html.number(e.getValue()))
                .collect(Collectors.joining(", ")));
        row(out, "Trained", Html.time(lock.trainedAt()) + (lock.trainedBy() == null ? "" : " by " + lock.trainedBy()));
        row(out, "Approvals", lock.approvals().isEmpty() ? "none" : lock.approvals().stream().map(a -> a.action()
                + " by " + a.approvedBy() + " at " + Html.time(a.approvedAt())).collect(Collectors.joining("; ")));
        return out.append("</tbody></table></div>\n").toString();
    }

    private static void row(StringBuilder out, String key, String value) {
        out.append("<tr><th scope=\"row\">").append(Html.esc(key)).append("</th><td>").append(Html.esc(value))
                .append("</td></tr>\n");
    }

    private static String aliases(List<AliasRef> aliases) {
        return aliases.stream().map(a -> a.alias() + " → " + a.version()).collect(Collectors.joining(", "));
    }
}
