package dev.capstan.cli.registry;

import dev.capstan.cli.internal.Formats;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.mlmodel.TensorSpec;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.RegisteredModel;
import dev.capstan.registry.VersionLock;
import dev.capstan.tracking.Tag;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A model version's card in Markdown: what it is for and who owns it, its metrics, the data, code and parameters it
 * was trained from (its {@link VersionLock}), its approvals and its signature. Every value from the registry is
 * escaped, so a description cannot break the tables or inject HTML. The owner and intended use are read from the
 * tags {@value #OWNER_TAG} and {@value #INTENDED_USE_TAG} on the version, then on the registered model.
 */
final class ModelCard {

    static final String OWNER_TAG = "owner";
    static final String INTENDED_USE_TAG = "intended_use";

    private final RegisteredModel model;
    private final ModelVersion version;
    private final VersionLock lock;
    private final MLmodel mlmodel;
    private final String mlmodelProblem;

    /**
     * @param mlmodel        the version's MLmodel, or {@code null} when it could not be read
     * @param mlmodelProblem why it could not be read, shown in place of the signature
     */
    ModelCard(RegisteredModel model, ModelVersion version, VersionLock lock, MLmodel mlmodel, String mlmodelProblem) {
        this.model = model;
        this.version = version;
        this.lock = lock;
        this.mlmodel = mlmodel;
        this.mlmodelProblem = mlmodelProblem;
    }

    void print(PrintWriter out) {
        out.printf("# %s, version %s%n%n", text(version.name()), version.version());
        summary(out);
        section(out, "Intended use");
        out.println(firstOf(tag(version.tags(), INTENDED_USE_TAG), tag(model.tags(), INTENDED_USE_TAG),
                model.description()).map(ModelCard::text).orElse("_Not stated: set the registered model's description "
                + "or its `" + INTENDED_USE_TAG + "` tag._"));
        if (version.description() != null && !version.description().isBlank()) {
            out.printf("%nThis version: %s%n", text(version.description()));
        }
        metrics(out);
        data(out);
        lineage(out);
        approvals(out);
        signature(out);
        out.flush();
    }

    private void summary(PrintWriter out) {
        table(out, List.of("Property", "Value"), List.of(
                List.of("Model URI", "models:/" + version.name() + "/" + version.version()),
                List.of("Owner", firstOf(tag(version.tags(), OWNER_TAG), tag(model.tags(), OWNER_TAG), lock.trainedBy(),
                        version.userId()).orElse("not recorded")),
                List.of("Stage", version.currentStage().wireName()),
                List.of("Aliases", version.aliases() == null || version.aliases().isEmpty() ? "none"
                        : String.join(", ", version.aliases())),
                List.of("Registered", Formats.time(version.creationTimestamp())
                        + (isEmpty(version.userId()) ? "" : " by " + version.userId())),
                List.of("Source", version.source() == null ? "" : version.source()),
                List.of("Flavors", mlmodel == null ? "unknown" : String.join(", ", mlmodel.flavors().keySet()))));
    }

    private void metrics(PrintWriter out) {
        section(out, "Metrics");
        if (lock.metrics().isEmpty()) {
            out.println("_No metrics recorded: the version has no run, or its run logged none._");
            return;
        }
        table(out, List.of("Metric", "Value"), lock.metrics().entrySet().stream()
                .map(m -> List.of(m.getKey(), Formats.number(m.getValue()))).toList());
    }

    private void data(PrintWriter out) {
        section(out, "Training data");
        if (lock.data().isEmpty()) {
            out.println("_No datasets recorded: log the run's inputs (mlflow.log_input) to lock the data version._");
            return;
        }
        table(out, List.of("Dataset", "Role", "Digest", "Source"), lock.data().stream()
                .map(d -> List.of(d.name(), Objects.toString(d.context(), ""), d.digest(), d.source())).toList());
    }

    private void lineage(PrintWriter out) {
        section(out, "Lineage");
        String code = lock.codeCommit() == null ? "not recorded"
                : lock.codeCommit() + (Boolean.TRUE.equals(lock.codeDirty()) ? " (with uncommitted changes)"
                : Boolean.FALSE.equals(lock.codeDirty()) ? " (clean)" : "");
        table(out, List.of("Property", "Value"), List.of(
                List.of("Code commit", code),
                List.of("Code", Objects.toString(lock.codeSource(), "not recorded")),
                List.of("Run", Objects.toString(lock.runId(), "none")),
                List.of("Trained", lock.trainedAt() == null ? "not recorded" : Formats.time(lock.trainedAt())
                        + (isEmpty(lock.trainedBy()) ? "" : " by " + lock.trainedBy()))));
        if (!lock.params().isEmpty()) {
            out.printf("%n### Parameters%n%n");
            table(out, List.of("Parameter", "Value"), lock.params().entrySet().stream()
                    .map(p -> List.of(p.getKey(), p.getValue())).toList());
        }
    }

    private void approvals(PrintWriter out) {
        section(out, "Approvals");
        if (lock.approvals().isEmpty()) {
            out.println("_Not promoted yet._");
            return;
        }
        table(out, List.of("Promotion", "Approved by", "At"), lock.approvals().stream()
                .map(a -> List.of(a.action(), a.approvedBy(), Formats.time(a.approvedAt()))).toList());
    }

    private void signature(PrintWriter out) {
        section(out, "Signature");
        if (mlmodel == null) {
            out.println("_Unknown: " + text(mlmodelProblem) + "_");
            return;
        }
        if (mlmodel.signature() == null) {
            out.println("_The model has no signature: inputs are not checked._");
            return;
        }
        schema(out, "Inputs", mlmodel.signature().inputs());
        out.println();
        schema(out, "Outputs", mlmodel.signature().outputs());
    }

    private static void schema(PrintWriter out, String title, Schema schema) {
        out.printf("### %s%n%n", title);
        if (schema == null) {
            out.println("_Not declared._");
        } else if (schema.isTensorBased()) {
            table(out, List.of("Tensor", "Type", "Shape"), schema.tensors().stream()
                    .map(t -> List.of(Objects.toString(t.name(), "(unnamed)"), t.dtype(), shape(t))).toList());
        } else {
            table(out, List.of("Column", "Type", "Required"), schema.columns().stream()
                    .map(c -> List.of(Objects.toString(c.name(), "(unnamed)"), c.type().describe(), yesNo(c)))
                    .toList());
        }
    }

    private static String shape(TensorSpec tensor) {
        return tensor.shape().stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String yesNo(ColSpec column) {
        return column.required() ? "yes" : "no";
    }

    private static void section(PrintWriter out, String title) {
        out.printf("%n## %s%n%n", title);
    }

    /** A Markdown table; every cell is escaped. */
    private static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        out.println(row(header));
        out.println(header.stream().map(h -> "---").collect(Collectors.joining(" | ", "| ", " |")));
        rows.forEach(r -> out.println(row(r)));
    }

    private static String row(List<String> cells) {
        return cells.stream().map(ModelCard::text).collect(Collectors.joining(" | ", "| ", " |"));
    }

    /** Text safe inside Markdown paragraphs and table cells: one line, no HTML, no table or emphasis syntax. */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.replaceAll("\\s*\\R\\s*", " ").toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '\\', '|', '*', '_', '`', '[', ']', '#' -> escaped.append('\\').append(c);
                default -> escaped.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return escaped.toString();
    }

    private static String tag(List<Tag> tags, String key) {
        return tags == null ? null : tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst()
                .orElse(null);
    }

    private static Optional<String> firstOf(String... values) {
        return Stream.of(values).filter(v -> !isEmpty(v)).findFirst();
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isBlank();
    }
}
