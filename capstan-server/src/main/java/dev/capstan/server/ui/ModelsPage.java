package dev.capstan.server.ui;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.deploy.Deployment;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.MLmodels;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.pipeline.ReproTracking;
import dev.capstan.registry.AliasRef;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.RegisteredModel;
import dev.capstan.registry.RegistryQuery;
import dev.capstan.server.serving.ModelEndpoint;
import dev.capstan.registry.VersionLock;
import dev.capstan.store.artifact.RunArtifacts;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.search.SearchFilter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The registry: {@code /models} lists the registered models; {@code /models/NAME?version=N} shows one with its
 * aliases, tags and versions, a version's card (the champion's by default) and its lineage: the data versions, the
 * pipeline stage that trained on them, the code commit and parameters its run recorded, its metrics, who trained and
 * who approved it, and the deployments serving it.
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

    static String model(UiSources sources, String name, String chosen) {
        ModelRegistryStore registry = sources.registry();
        RegisteredModel model = registry.getRegisteredModel(name);
        List<ModelVersion> versions = registry.searchModelVersions(new RegistryQuery("name = "
                + SearchFilter.literal(name), 1000, null, null)).items().stream()
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
        body.append(card(sources, name, shown)).append(lineage(sources, name, shown));
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

    /**
     * The version's card: its description, owner and intended use (the tags {@code owner} and {@code intended_use},
     * on the version, then on the model), its flavors and its signature, read from its MLmodel.
     */
    private static String card(UiSources sources, String name, String version) {
        RegisteredModel model = sources.registry().getRegisteredModel(name);
        ModelVersion v = sources.registry().getModelVersion(name, version);
        StringBuilder out = new StringBuilder("<h2>Version ").append(Html.esc(version)).append("</h2>\n")
                .append("<div class=\"table-wrap\"><table><tbody>\n");
        Html.row(out, "Description", blank(v.description()) ? "none" : v.description());
        Html.row(out, "Owner", tag(v.tags(), model.tags(), "owner").orElse(v.userId()));
        Html.row(out, "Intended use", tag(v.tags(), model.tags(), "intended_use").or(() -> Optional.ofNullable(
                model.description()).filter(d -> !blank(d))).orElse("not stated: set the model's description or "
                + "its intended_use tag"));
        Html.row(out, "Stage", v.currentStage());
        Html.row(out, "Registered (UTC)", Html.time(v.creationTimestamp()));
        Html.row(out, "Source", v.source());
        try {
            MLmodel mlmodel = readMLmodel(sources, name, version);
            Html.row(out, "Flavors", String.join(", ", mlmodel.flavors().keySet()));
            Html.row(out, "Inputs", mlmodel.signature() == null ? "no signature: inputs are not checked"
                    : describe(mlmodel.signature().inputs()));
            Html.row(out, "Outputs", mlmodel.signature() == null ? "" : describe(mlmodel.signature().outputs()));
        } catch (RuntimeException e) {
            Html.row(out, "MLmodel", "cannot be read here: " + e.getMessage());
        }
        return out.append("</tbody></table></div>\n").toString();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static Optional<String> tag(List<Tag> version, List<Tag> model, String key) {
        return Stream.concat(version.stream(), model.stream()).filter(t -> t.key().equals(key)).map(Tag::value)
                .findFirst();
    }

    /** Only the MLmodel file, from the store the version's files are in. */
    private static MLmodel readMLmodel(UiSources sources, String name, String version) {
        String uri = sources.registry().getDownloadUri(name, version);
        RunArtifacts files = RunArtifacts.of(uri, sources.artifacts());
        if (files == null) {
            throw CapstanException.notFound("%s is not in this server's artifact store", uri);
        }
        try (InputStream in = files.open(MLmodels.FILE_NAME)) {
            return MLmodels.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), uri + "/MLmodel");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A signature's columns or tensors on one line: {@code age: long, plan: string}. */
    private static String describe(Schema schema) {
        if (schema == null) {
            return "not declared";
        }
        return schema.isTensorBased()
                ? schema.tensors().stream().map(t -> Objects.toString(t.name(), "(unnamed)") + ": " + t.dtype()
                        + t.shape()).collect(Collectors.joining(", "))
                : schema.columns().stream().map(c -> Objects.toString(c.name(), "(unnamed)") + ": "
                        + c.type().describe() + (c.required() ? "" : " (optional)")).collect(Collectors.joining(", "));
    }

    /**
     * Where a version comes from and where it went, in the order data → pipeline run → run → version → deployments:
     * its version lock, the pipeline stage that trained on the same data, and the deployments serving it.
     */
    private static String lineage(UiSources sources, String name, String version) {
        StringBuilder out = new StringBuilder("<h2>Lineage of version ").append(Html.esc(version)).append("</h2>\n");
        VersionLock lock;
        try {
            lock = sources.registry().getVersionLock(name, version);
        } catch (CapstanException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
            return out.append("<p class=\"empty\">No version lock: the version has no run.</p>\n")
                    .append(deployments(sources, name, version)).toString();
        }
        out.append("<div class=\"table-wrap\"><table><tbody>\n");
        Html.row(out, "Data", lock.data().isEmpty() ? "not recorded" : lock.data().stream().map(d -> d.name() + " ("
                + d.context() + ", digest " + d.digest() + ")").collect(Collectors.joining("; ")));
        out.append("<tr><th scope=\"row\">Pipeline run</th><td>").append(pipelineRun(sources.tracking(), lock))
                .append("</td></tr>\n");
        Html.row(out, "Code", lock.codeCommit() == null ? "not recorded" : lock.codeCommit()
                + (Boolean.TRUE.equals(lock.codeDirty()) ? " with uncommitted changes" : "")
                + (lock.codeSource() == null ? "" : " in " + lock.codeSource()));
        Html.row(out, "Parameters", lock.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")));
        out.append("<tr><th scope=\"row\">Run</th><td>").append(lock.runId() == null ? "" : "<a href=\"/runs/"
                + Html.encode(lock.runId()) + "\">" + Html.esc(lock.runId()) + "</a>").append("</td></tr>\n");
        Html.row(out, "Metrics", lock.metrics().entrySet().stream().map(e -> e.getKey() + " " + Html.number(e.getValue()))
                .collect(Collectors.joining(", ")));
        Html.row(out, "Trained", Html.time(lock.trainedAt()) + (lock.trainedBy() == null ? "" : " by " + lock.trainedBy()));
        Html.row(out, "Approvals", lock.approvals().isEmpty() ? "none" : lock.approvals().stream().map(a -> a.action()
                + " by " + a.approvedBy() + " at " + Html.time(a.approvedAt())).collect(Collectors.joining("; ")));
        return out.append("</tbody></table></div>\n").append(deployments(sources, name, version)).toString();
    }

    /**
     * The newest pipeline stage that took the version's training data as an input (by digest): the stage of a
     * {@code capstan repro} that trained it, linked with its pipeline.
     */
    private static String pipelineRun(TrackingStore tracking, VersionLock lock) {
        List<String> experiments = lock.data().isEmpty() ? List.of() : PipelinesPage.experimentIds(tracking);
        for (VersionLock.DataVersion data : lock.data()) {
            Optional<Run> stage = experiments.isEmpty() ? Optional.empty() : tracking.searchRuns(new RunQuery(
                    experiments, "datasets.digest = " + SearchFilter.literal(data.digest()), ViewType.ACTIVE_ONLY, 50,
                    List.of("attributes.start_time DESC"), null)).items().stream()
                    .filter(r -> !PipelinesPage.tag(r, ReproTracking.PARENT_TAG).isEmpty()
                            && !PipelinesPage.tag(r, "capstan.stage.cmd").isEmpty()).findFirst();
            if (stage.isPresent()) {
                Run run = stage.get();
                Run repro = tracking.getRun(PipelinesPage.tag(run, ReproTracking.PARENT_TAG));
                String file = PipelinesPage.tag(repro, "mlflow.source.name");
                return "stage <a href=\"/runs/" + Html.encode(run.info().runId()) + "\">" + Html.esc(Html.runName(run))
                        + "</a> of the run of <a href=\"" + Html.href("/pipelines/view", Html.params("file", file))
                        + "\">" + Html.esc(file) + "</a> at " + Html.time(repro.info().startTime());
            }
        }
        return "<span class=\"muted\">none recorded: no pipeline stage took this data</span>";
    }

    /** The deployments serving {@code version} now, with the share of requests it answers in each. */
    private static String deployments(UiSources sources, String name, String version) {
        List<String> serving = new ArrayList<>();
        for (Deployment d : sources.deployments().list()) {
            ModelEndpoint.Traffic traffic = sources.deployments().endpoint(d.name()).traffic();
            for (ModelEndpoint.Variant v : sources.deployments().endpoint(d.name()).variants()) {
                if (v.model().ref().name().equals(name) && v.model().version().equals(version)) {
                    serving.add("<a href=\"/deployments/" + Html.encode(d.name()) + "\">" + Html.esc(d.name())
                            + "</a> (" + Html.esc(v.name()) + ", " + traffic.share(v) + " % of requests)");
                }
            }
        }
        return "<p>Deployments serving it: " + (serving.isEmpty() ? "<span class=\"muted\">none</span>"
                : String.join(", ", serving)) + "</p>\n";
    }

    private static String aliases(List<AliasRef> aliases) {
        return aliases.stream().map(a -> a.alias() + " → " + a.version()).collect(Collectors.joining(", "));
    }
}
