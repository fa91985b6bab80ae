package dev.capstan.cli.registry;

import dev.capstan.cli.internal.Formats;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.cli.internal.TextTable.Column;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.RegisteredModel;
import dev.capstan.tracking.Tag;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The human forms of registered models and model versions; {@code --json} prints the wire shape instead. */
final class ModelTables {

    private ModelTables() {
    }

    static void models(List<RegisteredModel> models, PrintWriter out) {
        TextTable table = new TextTable(List.of(Column.left("NAME"), Column.left("LATEST VERSIONS", 60),
                Column.left("ALIASES", 60), Column.left("UPDATED")));
        models.forEach(m -> table.row(m.name(), latest(m), aliases(m), Formats.time(m.lastUpdatedTimestamp())));
        table.print(out);
    }

    static void model(RegisteredModel m, PrintWriter out) {
        TextTable fields = TextTable.keyValues()
                .row("name", m.name())
                .row("description", m.description())
                .row("created", Formats.time(m.creationTimestamp()))
                .row("last updated", Formats.time(m.lastUpdatedTimestamp()))
                .row("latest versions", latest(m))
                .row("aliases", aliases(m));
        tags(fields, m.tags());
        fields.print(out);
    }

    static void versions(List<ModelVersion> versions, PrintWriter out) {
        TextTable table = new TextTable(List.of(Column.right("VERSION"), Column.left("STAGE"), Column.left("ALIASES"),
                Column.left("RUN ID"), Column.left("SOURCE", 60), Column.left("CREATED")));
        versions.forEach(v -> table.row(v.version(), v.currentStage().wireName(), String.join(" ", list(v.aliases())),
                v.runId(), v.source(), Formats.time(v.creationTimestamp())));
        table.print(out);
    }

    static void version(ModelVersion v, PrintWriter out) {
        TextTable fields = TextTable.keyValues()
                .row("name", v.name())
                .row("version", v.version())
                .row("stage", v.currentStage().wireName())
                .row("aliases", String.join(" ", list(v.aliases())))
                .row("description", v.description())
                .row("source", v.source())
                .row("run id", v.runId())
                .row("status", v.status())
                .row("created", Formats.time(v.creationTimestamp()))
                .row("last updated", Formats.time(v.lastUpdatedTimestamp()));
        tags(fields, v.tags());
        fields.print(out);
    }

    /** The newest version in each stage, e.g. {@code None=4 Production=3}. */
    private static String latest(RegisteredModel m) {
        return list(m.latestVersions()).stream().sorted(Comparator.comparing(ModelVersion::currentStage))
                .map(v -> v.currentStage().wireName() + "=" + v.version()).collect(Collectors.joining(" "));
    }

    /** The aliases and the versions they point at, e.g. {@code champion=3}. */
    private static String aliases(RegisteredModel m) {
        return list(m.aliases()).stream().map(a -> a.alias() + "=" + a.version()).collect(Collectors.joining(" "));
    }

    private static void tags(TextTable fields, List<Tag> tags) {
        list(tags).forEach(tag -> fields.row("tag " + tag.key(), tag.value()));
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }
}
