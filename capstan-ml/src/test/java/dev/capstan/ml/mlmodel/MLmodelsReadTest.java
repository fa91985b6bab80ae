package dev.capstan.ml.mlmodel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MLmodelsReadTest {

    @Test
    void readsSklearnColumnSignatureWithInputExample() {
        MLmodel model = MLmodels.read(Fixtures.mlmodel("sklearn-2.17"));

        assertThat(model.artifactPath()).isEqualTo("model");
        assertThat(model.runId()).isEqualTo("8f2e3c1b9d4a4f6e8a7b5c3d2e1f0a9b");
        assertThat(model.modelUuid()).isEqualTo("3b1c5e0f0a8a4a7e9f6a2d5e8c7b4a21");
        assertThat(model.utcTimeCreated()).isEqualTo("2024-11-05 10:20:30.123456");
        assertThat(model.modelSizeBytes()).isEqualTo(4391L);
        assertThat(model.mlflowVersion()).isEqualTo("2.17.2");
        assertThat(model.mlflowMajorVersion()).hasValue(2);
        assertThat(model.flavors()).containsOnlyKeys("python_function", "sklearn");
        assertThat(model.flavor("sklearn")).containsEntry("code", null).containsEntry("sklearn_version", "1.5.2");
        assertThat(model.flavor(MLmodel.PYFUNC_FLAVOR)).containsEntry("python_version", "3.11.2")
                .containsEntry("env", Map.of("conda", "conda.yaml", "virtualenv", "python_env.yaml"));
        assertThat(model.savedInputExampleInfo()).isEqualTo(new SavedInputExampleInfo(
                "input_example.json", "dataframe", "split", "serving_input_example.json", Map.of()));
        assertThat(model.extra()).isEmpty();

        Schema inputs = model.signature().inputs();
        assertThat(inputs.isTensorBased()).isFalse();
        assertThat(inputs.columns()).extracting(ColSpec::name).containsExactly(
                "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)");
        assertThat(inputs.columns()).allSatisfy(c -> assertThat(c).extracting(ColSpec::type, ColSpec::required)
                .containsExactly(DataType.DOUBLE, true));
        assertThat(model.signature().outputs().inputs()).containsExactly(new ColSpec(DataType.LONG, null, true));
        assertThat(model.signature().params()).isNull();
    }

    @Test
    void readsXgboostFlavorAndOptionalColumns() {
        MLmodel model = MLmodels.read(Fixtures.mlmodel("xgboost-2.17"));

        assertThat(model.flavor("xgboost")).containsEntry("model_format", "xgb")
                .containsEntry("model_class", "xgboost.sklearn.XGBClassifier");
        assertThat(model.savedInputExampleInfo()).isNull();
        assertThat(model.signature().inputs().columns()).containsExactly(
                new ColSpec(DataType.LONG, "tenure", true),
                new ColSpec(DataType.DOUBLE, "monthly_charges", true),
                new ColSpec(DataType.STRING, "contract", false),
                new ColSpec(DataType.BOOLEAN, "paperless", true));
    }

    @Test
    void readsOnnxTensorSignature() {
        MLmodel model = MLmodels.read(Fixtures.mlmodel("onnx-2.17").resolve(MLmodels.FILE_NAME));

        assertThat(model.flavor("onnx")).containsEntry("providers",
                List.of("CUDAExecutionProvider", "CPUExecutionProvider"));
        assertThat(model.signature().inputs().isTensorBased()).isTrue();
        assertThat(model.signature().inputs().tensors()).containsExactly(
                new TensorSpec("float32", List.of(-1L, 4L), "float_input"));
        assertThat(model.signature().outputs().tensors()).containsExactly(
                new TensorSpec("int64", List.of(-1L), "label"),
                new TensorSpec("float32", List.of(-1L, 3L), "probabilities"));
        assertThat(model.savedInputExampleInfo().type()).isEqualTo("ndarray");
        assertThat(model.savedInputExampleInfo().pandasOrient()).isNull();
        assertThat(model.utcTimeCreated()).isEqualTo("2024-11-07 12:00:00.5");
    }

    @Test
    void readsPyfuncWithParamsCompositeTypesMetadataAndUnknownKeys() {
        MLmodel model = MLmodels.read(Fixtures.mlmodel("pyfunc-2.17"));

        assertThat(model.metadata()).containsEntry("task", "ranking");
        assertThat(model.extra()).containsOnlyKeys("capstan_custom", "resources");
        assertThat(model.flavor("my_company_flavor")).containsEntry("format_version", 3)
                .containsEntry("weights", List.of("a.bin", "b.bin"));

        List<ColSpec> columns = model.signature().inputs().columns();
        assertThat(columns).extracting(ColSpec::type).containsExactly(
                DataType.STRING,
                new ColumnType.ArrayType(DataType.DOUBLE),
                new ColumnType.ObjectType(List.of(new ColumnType.Property("user_id", DataType.LONG, true),
                        new ColumnType.Property("lang", DataType.STRING, false))),
                new ColumnType.MapType(DataType.INTEGER),
                DataType.DATETIME,
                DataType.BINARY);
        assertThat(columns).extracting(ColSpec::required).containsExactly(true, false, false, false, false, false);

        assertThat(model.signature().params().params()).containsExactly(
                new ParamSpec("temperature", DataType.FLOAT, 0.5, null),
                new ParamSpec("top_k", DataType.LONG, 3, null),
                new ParamSpec("stop", DataType.STRING, List.of("\n", "END"), List.of(-1L)),
                new ParamSpec("café", DataType.STRING, "crème", null));
    }

    @Test
    void readsMlflow1FileWithoutSignatureUuidOrVersion() {
        MLmodel model = MLmodels.read(Fixtures.mlmodel("sklearn-1.x"));

        assertThat(model.signature()).isNull();
        assertThat(model.modelUuid()).isNull();
        assertThat(model.mlflowVersion()).isNull();
        assertThat(model.mlflowMajorVersion()).isEmpty();
        assertThat(model.modelSizeBytes()).isNull();
        assertThat(model.flavor(MLmodel.PYFUNC_FLAVOR)).containsEntry("env", "conda.yaml");
    }

    @Test
    void acceptsANewerMajorVersionWithTheSameStructure() {
        MLmodel model = MLmodels.read(Fixtures.mlmodel("future-3.x"));

        assertThat(model.mlflowMajorVersion()).hasValue(3);
        assertThat(model.extra()).containsEntry("model_id", "m-0123456789abcdef");
        assertThat(model.signature().inputs().columns()).containsExactly(ColSpec.of("x", DataType.DOUBLE));
    }

    @Test
    void acceptsTheOptionalKeyOfEarlyMlflow2AndLegacyParamDtypeKey() {
        MLmodel model = MLmodels.parse("""
                flavors: {}
                signature:
                  inputs: '[{"type": "double", "name": "a", "optional": true}, {"type": "long", "name": "b"}]'
                  params: '[{"name": "k", "dtype": "integer", "default": 1}]'
                """, "early");

        assertThat(model.signature().inputs().columns()).containsExactly(
                new ColSpec(DataType.DOUBLE, "a", false), new ColSpec(DataType.LONG, "b", true));
        assertThat(model.signature().outputs()).isNull();
        assertThat(model.signature().params().params()).containsExactly(new ParamSpec("k", DataType.INTEGER, 1, null));
    }
}
