package dev.capstan.ml.mlmodel;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MLmodelsRejectTest {

    @TempDir
    Path tmp;

    @Test
    void missingFileNamesThePath() {
        assertThatThrownBy(() -> MLmodels.read(tmp))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessage("%s: expected an MLflow model directory with an MLmodel file, found no such file",
                        tmp.resolve("MLmodel"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not a mapping        | - a                                             | f: expected a YAML mapping of MLmodel keys (flavors, signature, ...), found a list
            empty file           | ''                                              | f: expected a YAML mapping of MLmodel keys (flavors, signature, ...), found nothing (the field is missing)
            bad yaml             | 'a: [1'                                         | f: expected valid YAML, found a syntax error
            flavors list         | 'flavors: [a, b]'                               | f: field 'flavors': expected a mapping of flavor name to its configuration, found a list
            flavor scalar        | 'flavors: {xgboost: 3}'                         | f: field 'flavors.xgboost': expected a mapping (the flavor's configuration), found number 3
            size text            | 'model_size_bytes: big'                         | f: field 'model_size_bytes': expected a non-negative integer, found 'big'
            size negative        | 'model_size_bytes: -1'                          | f: field 'model_size_bytes': expected a non-negative integer, found number -1
            version              | 'mlflow_version: latest'                        | f: field 'mlflow_version': expected a version such as 2.17.2, found 'latest'
            run id list          | 'run_id: [1]'                                   | f: field 'run_id': expected a string, found a list
            metadata list        | 'metadata: [1]'                                 | f: field 'metadata': expected a mapping, found a list
            example no path      | 'saved_input_example_info: {type: dataframe}'   | f: field 'saved_input_example_info.artifact_path': expected a string, found nothing (the field is missing)
            signature list       | 'signature: [1]'                                | f: field 'signature': expected a mapping with 'inputs', 'outputs' and 'params', found a list
            signature empty      | 'signature: {inputs: null, outputs: null}'      | f: field 'signature': expected at least one of 'inputs', 'outputs' and 'params', found none
            signature key        | 'signature: {input: x}'                         | f: field 'signature.input': expected only the keys [inputs, outputs, params], found an unknown key
            inputs not json str  | 'signature: {inputs: [{type: double}]}'         | f: field 'signature.inputs': expected a JSON string (MLflow writes the schema as JSON inside the YAML), found a list
            inputs bad json      | 'signature: {inputs: ''[{"type": }]''}'         | f: field 'signature.inputs': expected a JSON string, found invalid JSON
            inputs not list      | 'signature: {inputs: ''{"type": "double"}''}'   | f: field 'signature.inputs': expected a JSON list of column or tensor specs, found a mapping
            unknown type         | 'signature: {inputs: ''[{"type": "decimal", "name": "a"}]''}' | f: field 'signature.inputs[0].type': expected one of [boolean, integer, long, float, double, string, binary, datetime], array, object, map, sparkml_vector or tensor, found 'decimal'
            no type              | 'signature: {inputs: ''[{"name": "a"}]''}'      | f: field 'signature.inputs[0].type': expected a string, found nothing (the field is missing)
            unknown col key      | 'signature: {inputs: ''[{"type": "long", "nme": "a"}]''}' | f: field 'signature.inputs[0].nme': expected only the keys [type, name, required, optional, items, properties, values], found an unknown key
            required text        | 'signature: {inputs: ''[{"type": "long", "name": "a", "required": "yes"}]''}' | f: field 'signature.inputs[0].required': expected true or false, found 'yes'
            mixed                | 'signature: {inputs: ''[{"type": "long", "name": "a"}, {"name": "b", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1]}}]''}' | f: field 'signature.inputs': expected a valid schema, found A schema must be all columns or all tensors, found 1 tensors among 2 inputs
            named and unnamed    | 'signature: {inputs: ''[{"type": "long", "name": "a"}, {"type": "long"}]''}' | f: field 'signature.inputs': expected a valid schema, found A schema's inputs must be all named or all unnamed, found names [a, null]
            empty schema         | 'signature: {inputs: ''[]''}'                   | f: field 'signature.inputs': expected a valid schema, found A schema needs at least one input, found none
            bad dtype            | 'signature: {inputs: ''[{"type": "tensor", "tensor-spec": {"dtype": "str32", "shape": [-1]}}]''}' | f: field 'signature.inputs[0].tensor-spec.dtype': expected a NumPy dtype name (e.g. float32, float64, int32, int64, uint8, bool, str, bytes, object), found 'str32'
            bad shape            | 'signature: {inputs: ''[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, "4"]}}]''}' | f: field 'signature.inputs[0].tensor-spec.shape[1]': expected an integer, found '4'
            array no items       | 'signature: {inputs: ''[{"type": "array", "name": "a"}]''}' | f: field 'signature.inputs[0].items': expected a mapping with a 'type', found nothing (the field is missing)
            empty object         | 'signature: {inputs: ''[{"type": "object", "properties": {}, "name": "a"}]''}' | f: field 'signature.inputs[0].properties': expected a non-empty mapping of property name to type, found a mapping
            binary param         | 'signature: {params: ''[{"name": "p", "type": "binary", "default": null}]''}' | f: field 'signature.params[0].type': expected one of [boolean, integer, long, float, double, string, binary, datetime] except binary, found 'binary'
            param no default     | 'signature: {params: ''[{"name": "p", "type": "long"}]''}' | f: field 'signature.params[0].default': expected a default value (possibly null), found nothing (the field is missing)
            param bad shape      | 'signature: {params: ''[{"name": "p", "type": "long", "default": 1, "shape": [2]}]''}' | f: field 'signature.params[0].shape': expected null (a scalar) or [-1] (a list), found a list
            param duplicate      | 'signature: {params: ''[{"name": "p", "type": "long", "default": 1}, {"name": "p", "type": "long", "default": 2}]''}' | f: field 'signature.params[1].name': expected a unique parameter name, found 'p' twice
            """)
    void rejectsWithAMessageNamingFileFieldExpectedAndFound(String what, String yaml, String message) {
        assertThatThrownBy(() -> MLmodels.parse(yaml, "f"))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageStartingWith(message);
    }
}
