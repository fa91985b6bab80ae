package dev.capstan.ml.mlmodel;

import dev.capstan.CapstanException;

import java.util.List;
import java.util.Objects;

/**
 * The inputs or outputs of a signature ({@code mlflow.types.Schema}): a non-empty list of {@link ColSpec} or of
 * {@link TensorSpec}. As in MLflow, mixing the two, mixing named and unnamed entries, several unnamed tensors and
 * unnamed optional columns are rejected.
 *
 * @param inputs the entries, in order
 */
public record Schema(List<InputSpec> inputs) {

    public Schema {
        inputs = List.copyOf(inputs);
        check(inputs);
    }

    /** A schema of columns. */
    public static Schema ofColumns(List<ColSpec> columns) {
        return new Schema(List.copyOf(columns));
    }

    /** A schema of tensors. */
    public static Schema ofTensors(List<TensorSpec> tensors) {
        return new Schema(List.copyOf(tensors));
    }

    /** Whether the entries are tensors (otherwise they are columns). */
    public boolean isTensorBased() {
        return inputs.get(0) instanceof TensorSpec;
    }

    /** Whether entries are named (otherwise they are matched by position). */
    public boolean hasNames() {
        return inputs.get(0).name() != null;
    }

    /** The column specs; empty for a tensor-based schema. */
    public List<ColSpec> columns() {
        return inputs.stream().filter(ColSpec.class::isInstance).map(ColSpec.class::cast).toList();
    }

    /** The tensor specs; empty for a column-based schema. */
    public List<TensorSpec> tensors() {
        return inputs.stream().filter(TensorSpec.class::isInstance).map(TensorSpec.class::cast).toList();
    }

    private static void check(List<InputSpec> inputs) {
        if (inputs.isEmpty()) {
            throw CapstanException.invalid("A schema needs at least one input, found none");
        }
        long named = inputs.stream().map(InputSpec::name).filter(Objects::nonNull).count();
        if (named != 0 && named != inputs.size()) {
            throw CapstanException.invalid("A schema's inputs must be all named or all unnamed, found names %s",
                    inputs.stream().map(InputSpec::name).toList());
        }
        long tensors = inputs.stream().filter(TensorSpec.class::isInstance).count();
        if (tensors != 0 && tensors != inputs.size()) {
            throw CapstanException.invalid(
                    "A schema must be all columns or all tensors, found %d tensors among %d inputs",
                    tensors, inputs.size());
        }
        if (tensors > 1 && named == 0) {
            throw CapstanException.invalid("A schema with several tensors must name them, found %d unnamed", tensors);
        }
        if (named == 0 && inputs.stream().anyMatch(i -> !i.required())) {
            throw CapstanException.invalid("A schema with unnamed inputs cannot have optional ones");
        }
    }
}
