package dev.capstan.ml.mlmodel;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.internal.ColumnConverter;
import dev.capstan.ml.mlmodel.internal.TensorAssembler;
import dev.capstan.ml.mlmodel.internal.TensorChecker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks model input against a signature's input {@link Schema} and converts it to the schema's types, as MLflow's
 * {@code pyfunc} does before {@code predict} ({@code mlflow.models.utils._enforce_schema}).
 *
 * <p><b>Columns.</b> Named schemas match columns by name and return them in schema order; unnamed schemas match
 * the first columns by position. Extra columns are ignored. A missing required column fails; a missing optional
 * ({@code required: false}) column is left out of the result. Each kept column is converted to an array of the
 * schema type: {@code boolean[]}, {@code int[]} (integer), {@code long[]}, {@code float[]}, {@code double[]},
 * {@code String[]}, {@code byte[][]} (binary), {@code LocalDateTime[]} (datetime, UTC), {@code Object[]} (array,
 * object, map, sparkml_vector).
 *
 * <p><b>Conversions.</b> {@link Coercion#STRICT} follows {@code _enforce_mlflow_datatype}: integer → long / double,
 * float → double, long → float / double only when every value is 0 or 1, strings and dates → datetime; anything else
 * (a string for a number, double → float, long → integer, ...) fails. {@link Coercion#SERVING} adds what MLflow's
 * scoring server does when it parses a JSON request ({@code cast_df_types_according_to_schema}): any number to
 * a floating type, integral numbers to integer types (range-checked; 2.5 → long fails rather than truncating),
 * numeric strings parsed, base64 strings to binary. Non-numeric strings fail in both modes.
 *
 * <p><b>Missing values.</b> {@code null} and NaN mean "missing". Float and double columns hold them as NaN and
 * string, binary and datetime columns as {@code null}, whether the column is required or not (MLflow's
 * {@code required} is about the column's presence). Boolean, integer and long columns cannot hold them and fail;
 * declare such a column double if it may have missing values (MLflow gives the same advice).
 *
 * <p><b>Tensors.</b> {@link #enforceTensors(Map)} checks each tensor's dtype exactly and its shape, {@code -1}
 * matching any size. {@link #enforceTensors(ColumnarBatch, Coercion)} builds the tensors from table columns (a CSV
 * file, a {@code dataframe_split} request), as MLflow's pyfunc does with a DataFrame ({@code _enforce_tensor_schema}):
 * <ul>
 *   <li>one tensor: every column of the batch, in order, is one feature of a {@code [rows, columns]} tensor, whose
 *       shape must match the spec's; column names do not matter. A single column is one value per row
 *       ({@code [rows]} for a spec of rank 1, else {@code [rows, 1]}), or, if its cells are arrays or lists, one
 *       row each, reshaped to the spec's shape. A named spec whose name is a column takes that column alone;</li>
 *   <li>several (named) tensors: each takes the column of its name, a value or an array per row as above; a
 *       missing one fails naming it; other columns are ignored.</li>
 * </ul>
 * Values are converted to the tensor's dtype (float32, float64, int8, uint8, int16, int32, int64, bool); see the
 * conversion rules of {@code TensorValues}: with SERVING coercion any number or numeric string goes to a floating
 * dtype and whole numbers to integer dtypes; a fraction for an integer tensor, a value out of the dtype's range, a
 * non-numeric string or a missing value for a non-floating tensor fails naming the column and the row.
 *
 * <p>Errors are {@link CapstanException}s (INVALID_PARAMETER_VALUE) naming the column or tensor, what was expected
 * and what was found. Immutable and thread-safe.
 */
public final class SignatureEnforcer {

    /** How far values may be converted to the schema's types. */
    public enum Coercion {
        /** MLflow's {@code pyfunc} rules: lossless widening only. */
        STRICT,
        /** Also MLflow's scoring-server parsing of JSON requests: numbers and numeric strings, lossless. */
        SERVING
    }

    /** The key of an unnamed spec's tensor in the maps {@link #enforceTensors(ColumnarBatch, Coercion)} returns. */
    public static final String UNNAMED_TENSOR = "tensor";

    private final Schema schema;
    private final List<ColSpec> columns;
    private final List<String> names;

    public SignatureEnforcer(Schema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.columns = schema.columns();
        this.names = schema.hasNames() ? columns.stream().map(ColSpec::name).toList() : null;
    }

    /** The schema enforced. */
    public Schema schema() {
        return schema;
    }

    /** {@link #enforce(ColumnarBatch, Coercion)} with {@link Coercion#STRICT}. */
    public ColumnarBatch enforce(ColumnarBatch batch) {
        return enforce(batch, Coercion.STRICT);
    }

    /** The batch's columns checked and converted to the schema's types, in schema order. */
    public ColumnarBatch enforce(ColumnarBatch batch, Coercion coercion) {
        if (schema.isTensorBased()) {
            throw CapstanException.invalid("The model signature is tensor-based: expected tensors, found columns %s",
                    batch.columns().keySet());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<ColSpec> specs = columns;
        List<String> names = this.names != null ? this.names : positional(batch, specs);
        for (int i = 0; i < specs.size(); i++) {
            String name = names.get(i);
            if (!batch.has(name)) {
                requireOptional(specs.get(i), batch);
                continue;
            }
            out.put(name, ColumnConverter.convert(name, batch.column(name), specs.get(i), coercion));
        }
        return new ColumnarBatch(out, batch.rowCount());
    }

    /** The tensors the schema names, checked; extra tensors are ignored. */
    public Map<String, Tensor> enforceTensors(Map<String, Tensor> tensors) {
        if (!schema.isTensorBased()) {
            throw CapstanException.invalid("The model signature is column-based: expected columns, found tensors %s",
                    tensors.keySet());
        }
        return TensorChecker.check(schema.tensors(), tensors);
    }

    /**
     * The tensors of the tensor-based schema, built from the batch's columns and converted to each spec's dtype (see
     * the class comment), in schema order, keyed by tensor name or {@link #UNNAMED_TENSOR}.
     */
    public Map<String, Tensor> enforceTensors(ColumnarBatch batch, Coercion coercion) {
        if (!schema.isTensorBased()) {
            throw CapstanException.invalid("The model signature is column-based: it declares no tensors to build from "
                    + "columns %s", batch.columns().keySet());
        }
        return TensorAssembler.assemble(schema.tensors(), batch, coercion);
    }

    private static List<String> positional(ColumnarBatch batch, List<ColSpec> specs) {
        List<String> present = List.copyOf(batch.columns().keySet());
        if (present.size() < specs.size()) {
            throw CapstanException.invalid("The model signature declares %d unnamed columns, found %d columns %s",
                    specs.size(), present.size(), present);
        }
        return present.subList(0, specs.size());
    }

    private static void requireOptional(ColSpec spec, ColumnarBatch batch) {
        if (spec.required()) {
            throw CapstanException.invalid(
                    "Column '%s' is required by the model signature (type %s) but missing; found columns %s",
                    spec.name(), spec.type().describe(), batch.columns().keySet());
        }
    }
}
