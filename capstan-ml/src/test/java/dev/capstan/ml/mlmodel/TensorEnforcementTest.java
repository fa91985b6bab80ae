package dev.capstan.ml.mlmodel;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.SignatureEnforcer.Coercion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.capstan.ml.mlmodel.SignatureEnforcer.UNNAMED_TENSOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tensors built from table columns, as MLflow's pyfunc builds them from a DataFrame for a tensor-based signature. */
class TensorEnforcementTest {

    private static final SignatureEnforcer FOUR_FLOATS = tensors(new TensorSpec("float32", List.of(-1L, 4L), null));

    private static SignatureEnforcer tensors(TensorSpec... specs) {
        return new SignatureEnforcer(Schema.ofTensors(List.of(specs)));
    }

    private static ColumnarBatch batch(Object... nameThenValues) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < nameThenValues.length; i += 2) {
            columns.put((String) nameThenValues[i], nameThenValues[i + 1]);
        }
        return ColumnarBatch.of(columns);
    }

    private static Tensor only(Map<String, Tensor> tensors) {
        assertThat(tensors).hasSize(1);
        return tensors.values().iterator().next();
    }

    @Test
    void everyColumnInOrderIsOneFeatureOfTheSingleTensorWhateverItsName() {
        ColumnarBatch in = batch("b", new double[] {1, 5}, "a", new double[] {2, 6.1}, "z", new Object[] {3L, "7"},
                "y", new double[] {4, Double.NaN});

        Map<String, Tensor> out = FOUR_FLOATS.enforceTensors(in, Coercion.SERVING);

        assertThat(out).containsOnlyKeys(UNNAMED_TENSOR);
        Tensor tensor = out.get(UNNAMED_TENSOR);
        assertThat(tensor.dtype()).isEqualTo("float32");
        assertThat(tensor.shape()).containsExactly(2L, 4L);
        assertThat((float[]) tensor.data()).containsExactly(1f, 2f, 3f, 4f, 5f, 6.1f, 7f, Float.NaN);
    }

    @Test
    void theColumnCountMustMatchTheShape() {
        assertThatThrownBy(() -> FOUR_FLOATS.enforceTensors(batch("a", new double[] {1}, "b", new double[] {2},
                "c", new double[] {3}), Coercion.SERVING))
                .isInstanceOf(CapstanException.class)
                .hasMessage("Shape of the input tensor: expected [-1, 4] (-1 = any size), found [1, 3] from 3 columns "
                        + "[a, b, c]");
        assertThatThrownBy(() -> tensors(new TensorSpec("float64", List.of(2L, 3L), null))
                .enforceTensors(batch("a", new double[3], "b", new double[3], "c", new double[3]), Coercion.SERVING))
                .hasMessage("Shape of the input tensor: expected [2, 3] (-1 = any size), found [3, 3] from 3 columns "
                        + "[a, b, c]");
        assertThatThrownBy(() -> FOUR_FLOATS.enforceTensors(batch(), Coercion.SERVING))
                .hasMessage("Expected input columns to build the input tensor (float32 [-1, 4]) from, found none");
    }

    @Test
    void aSingleColumnOfValuesIsOneValuePerRow() {
        ColumnarBatch in = batch("x", new long[] {3, 4, 5});

        Tensor flat = only(tensors(new TensorSpec("int64", List.of(-1L), null)).enforceTensors(in, Coercion.STRICT));
        Tensor column = only(tensors(new TensorSpec("float64", List.of(-1L, 1L), null))
                .enforceTensors(in, Coercion.SERVING));

        assertThat(flat.shape()).containsExactly(3L);
        assertThat((long[]) flat.data()).containsExactly(3, 4, 5);
        assertThat(column.shape()).containsExactly(3L, 1L);
        assertThat((double[]) column.data()).containsExactly(3, 4, 5);
        assertThatThrownBy(() -> FOUR_FLOATS.enforceTensors(in, Coercion.SERVING))
                .hasMessage("Shape of the input tensor: expected [-1, 4] (-1 = any size), found [3, 1] from column 'x'"
                        + " of single values");
    }

    @Test
    void aSingleColumnOfArraysHoldsWholeRowsReshapedToTheSpec() {
        ColumnarBatch lists = batch("rows", new Object[] {List.of(1, 2, 3, 4), new double[] {5, 6, 7, 8}});
        ColumnarBatch nested = batch("img", new Object[] {List.of(List.of(1, 2), List.of(3, 4))});

        Tensor matrix = only(FOUR_FLOATS.enforceTensors(lists, Coercion.SERVING));
        Tensor cube = only(tensors(new TensorSpec("int32", List.of(-1L, 2L, 2L), "img"))
                .enforceTensors(nested, Coercion.SERVING));
        Tensor inferred = only(tensors(new TensorSpec("float64", List.of(-1L, -1L), null))
                .enforceTensors(lists, Coercion.SERVING));

        assertThat(matrix.shape()).containsExactly(2L, 4L);
        assertThat((float[]) matrix.data()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(cube.shape()).containsExactly(1L, 2L, 2L);
        assertThat((int[]) cube.data()).containsExactly(1, 2, 3, 4);
        assertThat(inferred.shape()).containsExactly(2L, 4L);
        assertThatThrownBy(() -> FOUR_FLOATS.enforceTensors(batch("rows", new Object[] {List.of(1, 2, 3, 4),
                List.of(5, 6, 7)}), Coercion.SERVING))
                .hasMessage("Column 'rows': expected 4 values per row (shape [4]), found 3 at row 1");
        assertThatThrownBy(() -> FOUR_FLOATS.enforceTensors(batch("a", new Object[] {List.of(1, 2)},
                "b", new double[] {1}), Coercion.SERVING))
                .hasMessage("Column 'a' holds arrays: only a single column may hold whole rows of the input tensor;"
                        + " found columns [a, b]");
    }

    @Test
    void namedTensorsTakeTheColumnOfTheirNameAndIgnoreOthers() {
        SignatureEnforcer e = tensors(new TensorSpec("int64", List.of(-1L), "ids"),
                new TensorSpec("float32", List.of(-1L, 2L), "xy"));
        ColumnarBatch in = batch("xy", new Object[] {List.of(0.5, 1.5), List.of(2.5, 3.5)}, "note",
                new String[] {"a", "b"}, "ids", new double[] {7, 8});

        Map<String, Tensor> out = e.enforceTensors(in, Coercion.SERVING);

        assertThat(List.copyOf(out.keySet())).containsExactly("ids", "xy");
        assertThat((long[]) out.get("ids").data()).containsExactly(7, 8);
        assertThat(out.get("xy").shape()).containsExactly(2L, 2L);
        assertThat((float[]) out.get("xy").data()).containsExactly(0.5f, 1.5f, 2.5f, 3.5f);
        assertThatThrownBy(() -> e.enforceTensors(batch("ids", new double[] {7}), Coercion.SERVING))
                .hasMessage("Tensor 'xy' is required by the model signature (float32 [-1, 2]) but missing: expected a"
                        + " column of that name, found columns [ids]");
    }

    @Test
    void aSingleNamedTensorTakesItsOwnColumnOrElseAllColumns() {
        SignatureEnforcer e = tensors(new TensorSpec("float64", List.of(-1L, 2L), "input"));

        Tensor own = only(e.enforceTensors(batch("other", new double[] {9}, "input",
                new Object[] {new double[] {1, 2}}), Coercion.SERVING));
        Tensor all = only(e.enforceTensors(batch("a", new double[] {1}, "b", new double[] {2}), Coercion.SERVING));

        assertThat((double[]) own.data()).containsExactly(1, 2);
        assertThat((double[]) all.data()).containsExactly(1, 2);
        assertThat(e.enforceTensors(batch("a", new double[] {1}, "b", new double[] {2}), Coercion.SERVING))
                .containsOnlyKeys("input");
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @CsvSource(delimiter = '|', value = {
            "int64   | 2.5     | Column 'x': expected int64, found double 2.5 at row 0 (not a whole number)",
            "int64   | abc     | Column 'x': expected int64, found string 'abc' at row 0 (not a number)",
            "int64   | 1e30    | Column 'x': expected int64, found double 1.0E30 at row 0 (out of range)",
            "int32   | 3e9     | Column 'x': expected int32, found double 3.0E9 at row 0 (out of range)",
            "int16   | 40000   | Column 'x': expected int16, found double 40000.0 at row 0 (out of range)",
            "int8    | -129    | Column 'x': expected int8, found double -129.0 at row 0 (out of range)",
            "uint8   | -1      | Column 'x': expected uint8, found double -1.0 at row 0 (out of range)",
            "int32   | NaN     | Column 'x': expected int32, found a missing value (NaN) at row 0 (a int32 tensor "
                    + "cannot hold missing values)",
            "float32 | 1e39    | Column 'x': expected float32, found double 1.0E39 at row 0 (out of range)",
            "float64 | x1      | Column 'x': expected float64, found string 'x1' at row 0 (not a number)",
            "bool    | 1       | Column 'x': expected bool, found double 1.0 at row 0"})
    void refusesValuesTheDtypeCannotHoldNamingColumnAndRow(String dtype, String value, String message) {
        Object cell = value.matches("[a-z].*") ? value : (Object) Double.parseDouble(value);
        SignatureEnforcer e = tensors(new TensorSpec(dtype, List.of(-1L), null));

        assertThatThrownBy(() -> e.enforceTensors(batch("x", new Object[] {cell}), Coercion.SERVING))
                .isInstanceOf(CapstanException.class).hasMessage(message);
    }

    @Test
    void convertsWholeNumbersAndNumericStringsToEveryIntegerDtype() {
        ColumnarBatch in = batch("x", new Object[] {255.0, "17", 3, 0L});

        assertThat((byte[]) only(tensors(new TensorSpec("uint8", List.of(-1L), null))
                .enforceTensors(in, Coercion.SERVING)).data()).containsExactly((byte) 255, (byte) 17, (byte) 3, (byte) 0);
        assertThat((short[]) only(tensors(new TensorSpec("int16", List.of(-1L), null))
                .enforceTensors(in, Coercion.SERVING)).data()).containsExactly((short) 255, (short) 17, (short) 3,
                (short) 0);
        assertThat((int[]) only(tensors(new TensorSpec("int32", List.of(-1L), null))
                .enforceTensors(in, Coercion.SERVING)).data()).containsExactly(255, 17, 3, 0);
        assertThat((boolean[]) only(tensors(new TensorSpec("bool", List.of(-1L), null))
                .enforceTensors(batch("b", new boolean[] {true, false}), Coercion.STRICT)).data())
                .containsExactly(true, false);
    }

    @Test
    void strictTakesOnlyValuesOfTheDtypeOrLosslesslyWidened() {
        SignatureEnforcer floats = tensors(new TensorSpec("float32", List.of(-1L), null));
        SignatureEnforcer doubles = tensors(new TensorSpec("float64", List.of(-1L), null));

        assertThat((float[]) only(floats.enforceTensors(batch("x", new float[] {1.5f}), Coercion.STRICT)).data())
                .containsExactly(1.5f);
        assertThat((double[]) only(doubles.enforceTensors(batch("x", new int[] {2}), Coercion.STRICT)).data())
                .containsExactly(2.0);
        assertThatThrownBy(() -> floats.enforceTensors(batch("x", new double[] {1.5}), Coercion.STRICT))
                .hasMessage("Column 'x': expected float32, found double 1.5 at row 0 (only lossless conversions are "
                        + "made without SERVING coercion)");
        assertThatThrownBy(() -> doubles.enforceTensors(batch("x", new Object[] {"1.5"}), Coercion.STRICT))
                .hasMessage("Column 'x': expected float64, found string '1.5' at row 0 (strings are not converted)");
    }

    @Test
    void refusesDtypesATableCannotFillAndColumnSchemas() {
        assertThatThrownBy(() -> tensors(new TensorSpec("str", List.of(-1L), "text"))
                .enforceTensors(batch("text", new String[] {"a"}), Coercion.SERVING))
                .hasMessage("The dtype of tensor 'text' is str: Capstan builds tensors from table columns only for "
                        + "[float32, float64, int8, uint8, int16, int32, int64, bool]");
        assertThatThrownBy(() -> new SignatureEnforcer(Schema.ofColumns(List.of(ColSpec.of("a", DataType.DOUBLE))))
                .enforceTensors(batch("a", new double[] {1}), Coercion.SERVING))
                .hasMessage("The model signature is column-based: it declares no tensors to build from columns [a]");
    }
}
