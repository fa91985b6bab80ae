package dev.capstan.ml.predict;

import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.predict.internal.ArrayParts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model input checked against its signature by {@link ModelScorer#prepare}: columns or named tensors. Inputs with
 * the same layout concatenate row-wise ({@link #concat}), so that a server predicts many requests in one call.
 */
public sealed interface PreparedInput {

    /** The number of rows (the first dimension of tensors). */
    int rows();

    /** Whether {@code other} has the same columns, or tensors of the same names, types and trailing shape. */
    boolean concatenatesWith(PreparedInput other);

    /** The inputs' rows, in order, as one input; every input must {@linkplain #concatenatesWith concatenate}. */
    static PreparedInput concat(List<PreparedInput> inputs) {
        if (inputs.size() == 1) {
            return inputs.get(0);
        }
        PreparedInput first = inputs.get(0);
        for (PreparedInput input : inputs) {
            if (!first.concatenatesWith(input)) {
                throw new IllegalArgumentException("inputs of different layouts do not concatenate");
            }
        }
        return first instanceof Columns ? Columns.concat(inputs) : Tensors.concat(inputs);
    }

    /** Columns of a column-based signature (or of a model without one). */
    record Columns(ColumnarBatch batch) implements PreparedInput {

        @Override
        public int rows() {
            return batch.rowCount();
        }

        @Override
        public boolean concatenatesWith(PreparedInput other) {
            if (!(other instanceof Columns o) || !batch.columns().keySet().equals(o.batch.columns().keySet())) {
                return false;
            }
            return batch.columns().entrySet().stream()
                    .allMatch(e -> e.getValue().getClass() == o.batch.column(e.getKey()).getClass());
        }

        private static PreparedInput concat(List<PreparedInput> inputs) {
            int rows = inputs.stream().mapToInt(PreparedInput::rows).sum();
            Map<String, Object> columns = new LinkedHashMap<>();
            for (String name : ((Columns) inputs.get(0)).batch.columns().keySet()) {
                List<Object> parts = new ArrayList<>(inputs.size());
                inputs.forEach(input -> parts.add(((Columns) input).batch.column(name)));
                columns.put(name, ArrayParts.concat(parts, rows));
            }
            return new Columns(new ColumnarBatch(columns, rows));
        }
    }

    /** Named tensors whose first dimension is the batch. */
    record Tensors(Map<String, Tensor> tensors, int rows) implements PreparedInput {

        public Tensors {
            tensors = Map.copyOf(tensors);
        }

        /** The tensors, with the first dimension of the first one as the row count (1 for a scalar). */
        public static Tensors of(Map<String, Tensor> tensors) {
            int rows = tensors.values().stream().findFirst()
                    .map(t -> t.shape().isEmpty() ? 1 : Math.toIntExact(t.shape().get(0))).orElse(0);
            return new Tensors(tensors, rows);
        }

        @Override
        public boolean concatenatesWith(PreparedInput other) {
            if (!(other instanceof Tensors o) || !tensors.keySet().equals(o.tensors.keySet())) {
                return false;
            }
            return tensors.entrySet().stream().allMatch(e -> sameLayout(e.getValue(), o.tensors.get(e.getKey()),
                    rows, o.rows));
        }

        private static boolean sameLayout(Tensor a, Tensor b, int rowsA, int rowsB) {
            return !a.shape().isEmpty() && !b.shape().isEmpty() && a.shape().get(0) == rowsA
                    && b.shape().get(0) == rowsB && a.dtype().equals(b.dtype())
                    && a.data().getClass() == b.data().getClass()
                    && a.shape().subList(1, a.shape().size()).equals(b.shape().subList(1, b.shape().size()));
        }

        private static PreparedInput concat(List<PreparedInput> inputs) {
            int rows = inputs.stream().mapToInt(PreparedInput::rows).sum();
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : ((Tensors) inputs.get(0)).tensors.entrySet()) {
                List<Object> parts = new ArrayList<>(inputs.size());
                inputs.forEach(input -> parts.add(((Tensors) input).tensors.get(e.getKey()).data()));
                List<Long> shape = new ArrayList<>(e.getValue().shape());
                shape.set(0, (long) rows);
                long width = shape.stream().skip(1).mapToLong(Long::longValue).reduce(1L, Math::multiplyExact);
                out.put(e.getKey(), new Tensor(e.getValue().dtype(), shape,
                        ArrayParts.concat(parts, Math.toIntExact(rows * width))));
            }
            return new Tensors(out, rows);
        }
    }
}
