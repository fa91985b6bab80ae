package dev.capstan.ml.mlmodel;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.SignatureEnforcer.Coercion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureEnforcerTest {

    private static final SignatureEnforcer CHURN = new SignatureEnforcer(
            MLmodels.read(Fixtures.mlmodel("xgboost-2.17")).signature().inputs());

    private static ColumnarBatch batch(Object... nameThenValues) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < nameThenValues.length; i += 2) {
            columns.put((String) nameThenValues[i], nameThenValues[i + 1]);
        }
        return ColumnarBatch.of(columns);
    }

    private static SignatureEnforcer enforcer(ColSpec... specs) {
        return new SignatureEnforcer(Schema.ofColumns(List.of(specs)));
    }

    @Test
    void matchesByNameReturnsSchemaOrderAndIgnoresExtraColumns() {
        ColumnarBatch in = batch("extra", new String[] {"x", "y"}, "paperless", new boolean[] {true, false},
                "monthly_charges", new double[] {29.5, 70.0}, "contract", new String[] {"monthly", null},
                "tenure", new long[] {1, 24});

        ColumnarBatch out = CHURN.enforce(in);

        assertThat(out.columns()).containsOnlyKeys("tenure", "monthly_charges", "contract", "paperless");
        assertThat(List.copyOf(out.columns().keySet())).containsExactly("tenure", "monthly_charges", "contract", "paperless");
        assertThat(out.rowCount()).isEqualTo(2);
        assertThat((String[]) out.column("contract")).containsExactly("monthly", null);
    }

    @Test
    void optionalColumnMayBeAbsentRequiredMayNot() {
        ColumnarBatch withoutContract = batch("tenure", new long[] {1}, "monthly_charges", new double[] {1},
                "paperless", new boolean[] {true});

        assertThat(CHURN.enforce(withoutContract).columns()).containsOnlyKeys("tenure", "monthly_charges", "paperless");
        assertThatThrownBy(() -> CHURN.enforce(batch("tenure", new long[] {1}, "paperless", new boolean[] {true})))
                .isInstanceOf(CapstanException.class)
                .hasMessage("Column 'monthly_charges' is required by the model signature (type double) but missing;"
                        + " found columns [tenure, paperless]");
    }

    @Test
    void widensLikeMlflow() {
        SignatureEnforcer e = enforcer(ColSpec.of("l", DataType.LONG), ColSpec.of("d", DataType.DOUBLE),
                ColSpec.of("d2", DataType.DOUBLE), ColSpec.of("f", DataType.FLOAT), ColSpec.of("b01", DataType.DOUBLE),
                ColSpec.of("o", DataType.DOUBLE));

        ColumnarBatch out = e.enforce(batch("l", new int[] {1, 2}, "d", new int[] {3, 4}, "d2", new float[] {0.5f, 1.5f},
                "f", new float[] {1f, 2f}, "b01", new long[] {0, 1}, "o", new Object[] {1, 2.5}));

        assertThat((long[]) out.column("l")).containsExactly(1, 2);
        assertThat((double[]) out.column("d")).containsExactly(3, 4);
        assertThat((double[]) out.column("d2")).containsExactly(0.5, 1.5);
        assertThat((float[]) out.column("f")).containsExactly(1f, 2f);
        assertThat((double[]) out.column("b01")).containsExactly(0, 1);
        assertThat((double[]) out.column("o")).containsExactly(1, 2.5);
    }

    @Test
    void refusesLossyConversionsNamingColumnExpectedAndFound() {
        assertThatThrownBy(() -> enforcer(ColSpec.of("n", DataType.DOUBLE)).enforce(batch("n", new long[] {0, 7})))
                .isInstanceOf(CapstanException.class)
                .hasMessage("Column 'n': expected double, found long 7 at row 1 (only lossless widening is allowed:"
                        + " integer to long or double, float to double, 0/1 long to float or double)");
        assertThatThrownBy(() -> enforcer(ColSpec.of("n", DataType.FLOAT)).enforce(batch("n", new double[] {1.5})))
                .hasMessageStartingWith("Column 'n': expected float, found double 1.5 at row 0");
        assertThatThrownBy(() -> enforcer(ColSpec.of("n", DataType.INTEGER)).enforce(batch("n", new long[] {1})))
                .hasMessageStartingWith("Column 'n': expected integer, found long 1 at row 0");
        assertThatThrownBy(() -> enforcer(ColSpec.of("n", DataType.FLOAT)).enforce(batch("n", new int[] {1})))
                .hasMessageStartingWith("Column 'n': expected float, found integer 1 at row 0");
        assertThatThrownBy(() -> CHURN.enforce(batch("tenure", new long[] {1}, "monthly_charges", new double[] {1},
                "paperless", new String[] {"yes"})))
                .hasMessage("Column 'paperless': expected boolean, found string 'yes' at row 0");
    }

    @Test
    void strictRefusesStringsForNumbersServingParsesNumericOnes() {
        SignatureEnforcer e = enforcer(ColSpec.of("x", DataType.DOUBLE), ColSpec.of("k", DataType.LONG));
        ColumnarBatch in = batch("x", new Object[] {"1.5", 2L, "nan"}, "k", new Object[] {"3", 4.0, 5});

        assertThatThrownBy(() -> e.enforce(in))
                .hasMessage("Column 'x': expected double, found string '1.5' at row 0 (strings are not converted)");
        ColumnarBatch out = e.enforce(in, Coercion.SERVING);
        assertThat((double[]) out.column("x")).containsExactly(1.5, 2.0, Double.NaN);
        assertThat((long[]) out.column("k")).containsExactly(3, 4, 5);
    }

    @Test
    void servingRejectsNonNumericStringsAndFractionsForIntegers() {
        SignatureEnforcer e = enforcer(ColSpec.of("x", DataType.DOUBLE), ColSpec.of("k", DataType.INTEGER));

        assertThatThrownBy(() -> e.enforce(batch("x", new Object[] {"1", "abc"}, "k", new int[] {1, 2}), Coercion.SERVING))
                .hasMessage("Column 'x': expected double, found string 'abc' at row 1 (not a number)");
        assertThatThrownBy(() -> e.enforce(batch("x", new double[] {1}, "k", new Object[] {2.5}), Coercion.SERVING))
                .hasMessage("Column 'k': expected integer, found double 2.5 at row 0 (not a whole number in range)");
        assertThatThrownBy(() -> e.enforce(batch("x", new double[] {1}, "k", new Object[] {"3000000000"}), Coercion.SERVING))
                .hasMessage("Column 'k': expected integer, found string '3000000000' at row 0 (out of range)");
    }

    @Test
    void missingValuesAreNanInFloatingColumnsNullInObjectColumnsAndRefusedInIntegerColumns() {
        SignatureEnforcer e = enforcer(ColSpec.of("d", DataType.DOUBLE), ColSpec.of("s", DataType.STRING),
                new ColSpec(DataType.FLOAT, "f", false));

        ColumnarBatch out = e.enforce(batch("d", new Object[] {null, 1.0, Double.NaN}, "s", new Object[] {"a", null, Double.NaN},
                "f", new Object[] {Float.NaN, null, 1f}));

        assertThat((double[]) out.column("d")).containsExactly(Double.NaN, 1.0, Double.NaN);
        assertThat((String[]) out.column("s")).containsExactly("a", null, null);
        assertThat((float[]) out.column("f")).containsExactly(Float.NaN, Float.NaN, 1f);
        assertThatThrownBy(() -> CHURN.enforce(batch("tenure", new Object[] {1L, null}, "monthly_charges",
                new double[] {1, 2}, "paperless", new boolean[] {true, true})))
                .hasMessage("Column 'tenure': expected long, found a missing value (null) at row 1 (boolean, integer"
                        + " and long columns cannot hold missing values; declare the column double to allow them)");
    }

    @Test
    void unnamedSchemaMatchesByPosition() {
        SignatureEnforcer e = new SignatureEnforcer(Schema.ofColumns(List.of(
                new ColSpec(DataType.DOUBLE, null, true), new ColSpec(DataType.DOUBLE, null, true))));

        ColumnarBatch out = e.enforce(batch("a", new int[] {1}, "b", new double[] {2}, "c", new String[] {"x"}));

        assertThat(out.columns()).containsOnlyKeys("a", "b");
        assertThatThrownBy(() -> e.enforce(batch("a", new int[] {1})))
                .hasMessage("The model signature declares 2 unnamed columns, found 1 columns [a]");
    }

    @Test
    void convertsDatetimesBinaryAndCompositeValues() {
        SignatureEnforcer e = new SignatureEnforcer(MLmodels.read(Fixtures.mlmodel("pyfunc-2.17")).signature().inputs());
        ColumnarBatch in = batch(
                "query", new String[] {"hi"},
                "embedding", new Object[] {List.of(1, 2.5f)},
                "context", new Object[] {Map.of("user_id", 7L)},
                "counts", new Object[] {Map.of("a", 1)},
                "asked_at", new Object[] {Instant.parse("2024-01-02T03:04:05Z")},
                "attachment", new Object[] {"aGk="});

        ColumnarBatch out = e.enforce(in, Coercion.SERVING);

        assertThat((Object[]) out.column("embedding")).containsExactly(List.of(1.0, 2.5));
        assertThat((Object[]) out.column("context")).containsExactly(Map.of("user_id", 7L));
        assertThat((LocalDateTime[]) out.column("asked_at")).containsExactly(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(((byte[][]) out.column("attachment"))[0]).isEqualTo("hi".getBytes());
        assertThatThrownBy(() -> e.enforce(batch("query", new String[] {"q"},
                "context", new Object[] {Map.of("lang", "en")})))
                .hasMessage("Column 'context'.user_id: expected long, found a missing value (null) at row 0"
                        + " (the property is required)");
        assertThatThrownBy(() -> e.enforce(batch("query", new String[] {"q"}, "embedding", new Object[] {List.of("x")})))
                .hasMessage("Column 'embedding'[0]: expected double, found string 'x' at row 0 (strings are not converted)");
    }

    @Test
    void tensorSchemasCheckDtypeAndShape() {
        SignatureEnforcer e = new SignatureEnforcer(MLmodels.read(Fixtures.mlmodel("onnx-2.17")).signature().inputs());
        Tensor ok = new Tensor("float32", List.of(2L, 4L), new float[8]);

        assertThat(e.enforceTensors(Map.of("float_input", ok, "other", ok))).containsOnlyKeys("float_input");
        assertThatThrownBy(() -> e.enforceTensors(Map.of("float_input", new Tensor("float32", List.of(2L, 3L), new float[6]))))
                .hasMessage("Shape of tensor 'float_input': expected [-1, 4] (-1 = any size), found [2, 3]");
        assertThatThrownBy(() -> e.enforceTensors(Map.of("float_input", new Tensor("float64", List.of(1L, 4L), new double[4]))))
                .hasMessage("dtype of tensor 'float_input': expected float32, found float64");
        assertThatThrownBy(() -> e.enforceTensors(Map.of("x", ok)))
                .hasMessage("Tensor 'float_input' is required by the model signature (float32 [-1, 4]) but missing;"
                        + " found tensors [x]");
        assertThatThrownBy(() -> e.enforce(batch("a", new double[] {1})))
                .hasMessage("The model signature is tensor-based: expected tensors, found columns [a]");
    }

    @Test
    void batchRejectsRaggedColumns() {
        assertThatThrownBy(() -> new ColumnarBatch(Map.of("a", new double[2]), 3))
                .hasMessage("Column 'a': expected 3 rows, found 2");
        assertThatThrownBy(() -> ColumnarBatch.of(Map.of("a", 1.0)))
                .hasMessage("A column must be an array, found java.lang.Double");
    }
}
