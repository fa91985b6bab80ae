package dev.capstan.cli.tracking;

import dev.capstan.cli.internal.Formats;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.cli.internal.TextTable.Column;
import dev.capstan.tracking.DatasetInput;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.Tag;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The human form of {@code runs describe}: the run's info, then a section per kind of logged data. */
final class RunDescription {

    private RunDescription() {
    }

    static void print(Run run, PrintWriter out) {
        RunInfo i = run.info();
        TextTable.keyValues()
                .row("run id", i.runId())
                .row("name", i.runName())
                .row("experiment id", i.experimentId())
                .row("status", i.status())
                .row("user", i.userId())
                .row("started", Formats.time(i.startTime()))
                .row("ended", Formats.time(i.endTime()))
                .row("duration", Formats.duration(i.startTime(), i.endTime()))
                .row("artifact uri", i.artifactUri())
                .row("lifecycle stage", i.lifecycleStage())
                .print(out);
        section(out, "Params", params(list(run.data().params())));
        section(out, "Metrics (latest)", metrics(list(run.data().metrics())));
        section(out, "Tags", tags(list(run.data().tags())));
        section(out, "Inputs", inputs(run.inputs() == null ? List.of() : list(run.inputs().datasetInputs())));
    }

    private static void section(PrintWriter out, String title, TextTable table) {
        if (table.isEmpty()) {
            return;
        }
        out.println();
        out.println(title + ":");
        table.render().lines().forEach(line -> out.println("  " + line));
        out.flush();
    }

    private static TextTable params(List<Param> params) {
        TextTable table = new TextTable(List.of(Column.left("KEY"), Column.left("VALUE", 80)));
        params.stream().sorted(Comparator.comparing(Param::key)).forEach(p -> table.row(p.key(), p.value()));
        return table;
    }

    private static TextTable metrics(List<Metric> metrics) {
        TextTable table = new TextTable(List.of(Column.left("KEY"), Column.right("VALUE"), Column.right("STEP"),
                Column.left("LOGGED")));
        metrics.stream().sorted(Comparator.comparing(Metric::key))
                .forEach(m -> table.row(m.key(), Formats.number(m.value()), m.step(), Formats.time(m.timestamp())));
        return table;
    }

    private static TextTable tags(List<Tag> tags) {
        TextTable table = new TextTable(List.of(Column.left("KEY"), Column.left("VALUE", 80)));
        tags.stream().sorted(Comparator.comparing(Tag::key)).forEach(t -> table.row(t.key(), t.value()));
        return table;
    }

    private static TextTable inputs(List<DatasetInput> inputs) {
        TextTable table = new TextTable(List.of(Column.left("DATASET"), Column.left("DIGEST"), Column.left("SOURCE TYPE"),
                Column.left("TAGS", 60)));
        inputs.forEach(in -> table.row(in.dataset().name(), in.dataset().digest(), in.dataset().sourceType(),
                list(in.tags()).stream().map(t -> t.key() + "=" + t.value()).collect(Collectors.joining(" "))));
        return table;
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }
}
