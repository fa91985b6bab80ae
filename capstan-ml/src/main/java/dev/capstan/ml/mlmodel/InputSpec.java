package dev.capstan.ml.mlmodel;

/** One entry of a {@link Schema}: a {@link ColSpec} or a {@link TensorSpec}, never both in one schema. */
public sealed interface InputSpec permits ColSpec, TensorSpec {

    /** The name, or {@code null} for an unnamed (positional) input. */
    String name();

    /** Whether the input must be present; tensors always are. */
    boolean required();
}
