package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ParamsFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Expected types are those of ruamel.yaml 0.17 (YAML 1.2), DVC's parser: {@code YAML(typ="safe").load(...)}. */
    @Test
    void yamlScalarsFollowYaml12LikeDvc() throws IOException {
        ParamsFile params = ParamsFile.read(write("params.yaml", """
                yes_word: yes
                on_word: on
                no_word: No
                t: true
                f: FALSE
                n1: null
                n2: ~
                n3:
                int: 42
                under: 1_000
                octal: 0o17
                quoted_octal: '0o17'
                eight: 08
                quoted_eight: "08"
                underscore_first: _5
                leading_zero: 017
                hex: 0x1F
                binary: 0b101
                big: 100000000000000000000
                long: 4000000000
                float: 0.1
                exp: 1e3
                exp_neg: 1e-5
                dot: 1.
                inf: -.inf
                nan: .NaN
                odd: .5e3
                quoted: '3'
                date: 2024-01-01
                text: 1,000
                """));

        Map<String, Object> v = params.values();
        assertThat(v).containsEntry("yes_word", "yes").containsEntry("on_word", "on").containsEntry("no_word", "No")
                .containsEntry("t", true).containsEntry("f", false)
                .containsEntry("n1", null).containsEntry("n2", null).containsEntry("n3", null)
                .containsEntry("int", 42).containsEntry("under", 1000).containsEntry("octal", 15)
                .containsEntry("quoted_octal", "0o17").containsEntry("eight", 8).containsEntry("quoted_eight", "08")
                .containsEntry("underscore_first", "_5")
                .containsEntry("leading_zero", 17).containsEntry("hex", 31).containsEntry("binary", 5)
                .containsEntry("big", new BigInteger("100000000000000000000")).containsEntry("long", 4000000000L)
                .containsEntry("float", 0.1).containsEntry("exp", 1000.0).containsEntry("exp_neg", 1e-5)
                .containsEntry("dot", 1.0).containsEntry("inf", Double.NEGATIVE_INFINITY)
                .containsEntry("odd", ".5e3").containsEntry("quoted", "3").containsEntry("date", "2024-01-01")
                .containsEntry("text", "1,000");
        assertThat((Double) v.get("nan")).isNaN();
        assertThat(v.keySet()).startsWith("yes_word", "on_word", "no_word");
    }

    @Test
    void dottedKeysReachIntoMappingsAndLists() throws IOException {
        ParamsFile params = ParamsFile.read(write("params.yaml", """
                train:
                  lr: 0.01
                  layers: [64, 32, {units: 8}]
                  dropout: null
                """));

        assertThat(params.get("train.lr")).isEqualTo(0.01);
        assertThat(params.get("train.layers.0")).isEqualTo(64);
        assertThat(params.get("train.layers[1]")).isEqualTo(32);
        assertThat(params.get("train.layers[-1].units")).isEqualTo(8);
        assertThat(params.get("train.layers")).isEqualTo(List.of(64, 32, Map.of("units", 8)));
        assertThat(params.contains("train.dropout")).isTrue();
        assertThat(params.get("train.dropout")).isNull();
        assertThat(params.contains("train.momentum")).isFalse();
        assertThat(params.contains("train.layers.3")).isFalse();
        assertThat(params.contains("train.lr.x")).isFalse();
        assertThatThrownBy(() -> params.get("train.momentum"))
                .isInstanceOf(CapstanException.class)
                .hasMessageContaining("params.yaml").hasMessageContaining("'train.momentum'")
                .extracting(e -> ((CapstanException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @Test
    void selectGivesTheValuesADependencyRecords() throws IOException {
        ParamsFile params = ParamsFile.read(write("params.yaml", "a: 1\nb: {c: 2, d: 3}\n"));

        assertThat(params.select(List.of("b.c", "missing", "a"))).containsExactly(entry("b.c", 2), entry("a", 1));
        assertThat(params.select(List.of())).isEqualTo(params.values());
    }

    @Test
    void readsJsonAndToml() throws IOException {
        ParamsFile json = ParamsFile.read(write("params.json", """
                {"lr": 0.001, "epochs": 5, "name": "x", "on": true, "none": null, "layers": [1, 2]}
                """));
        ParamsFile toml = ParamsFile.read(write("params.toml", """
                lr = 0.001
                [train]
                epochs = 5
                name = "x"
                layers = [1, 2]
                fast = true
                """));

        assertThat(json.values()).containsExactly(entry("lr", 0.001), entry("epochs", 5), entry("name", "x"),
                entry("on", true), entry("none", null), entry("layers", List.of(1, 2)));
        assertThat(toml.get("lr")).isEqualTo(0.001);
        assertThat(toml.get("train")).isEqualTo(orderedMap("epochs", 5, "name", "x", "layers", List.of(1, 2),
                "fast", true));
    }

    @Test
    void anUnknownExtensionIsReadAsYamlAsDvcDoes() throws IOException {
        assertThat(ParamsFile.read(write("params.cfg", "a: on\n")).values()).containsEntry("a", "on");
        assertThat(ParamsFile.read(write("empty.yaml", "")).values()).isEmpty();
    }

    @Test
    void anchorsAliasesAndMergeKeysOfMappingsAndLists() throws IOException {
        ParamsFile params = ParamsFile.read(write("params.yaml", """
                base: &base {lr: 0.1, layers: &layers [8, 4]}
                fast:
                  <<: *base
                  lr: 0.5
                sizes: *layers
                """));

        assertThat(params.get("fast")).isEqualTo(Map.of("lr", 0.5, "layers", List.of(8, 4)));
        assertThat(params.get("sizes")).isEqualTo(List.of(8, 4));
    }

    @Test
    void valuesCannotBeChanged() throws IOException {
        ParamsFile params = ParamsFile.read(write("params.yaml", "a: {b: [1]}\n"));

        assertThatThrownBy(() -> params.values().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) params.get("a");
        assertThatThrownBy(() -> a.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMissingFileDoesNotExist() {
        assertThatThrownBy(() -> ParamsFile.read(dir.resolve("nope.yaml")))
                .isInstanceOf(CapstanException.class)
                .hasMessageContaining("nope.yaml").hasMessageContaining("does not exist")
                .extracting(e -> ((CapstanException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertThatThrownBy(() -> ParamsFile.read(dir.resolve("nope.json")))
                .isInstanceOf(CapstanException.class).hasMessageContaining("does not exist");
    }

    @Test
    void syntaxErrorsNameTheFileAndLine() throws IOException {
        Path yaml = write("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n");
        Path json = write("bad.json", "{\n  \"a\": 1,\n  \"b\": \n}\n");
        Path toml = write("bad.toml", "a = 1\nb = = 2\n");

        assertThatThrownBy(() -> ParamsFile.read(yaml)).isInstanceOf(CapstanException.class)
                .hasMessageStartingWith(yaml + ": YAML syntax error at line 3");
        assertThatThrownBy(() -> ParamsFile.read(json)).isInstanceOf(CapstanException.class)
                .hasMessageStartingWith(json + ": JSON syntax error at line 4");
        assertThatThrownBy(() -> ParamsFile.read(toml)).isInstanceOf(CapstanException.class)
                .hasMessageStartingWith(toml + ": TOML syntax error at line 2");
        assertThatThrownBy(() -> ParamsFile.read(write("dup.yaml", "a: 1\nb: 2\na: 3\n")))
                .hasMessageEndingWith("dup.yaml:3: duplicate key 'a'");
        assertThatThrownBy(() -> ParamsFile.read(write("two.yaml", "a: 1\n---\nb: 2\n")))
                .hasMessageEndingWith("two.yaml:3: expected a single YAML document, found a second one");
        assertThatThrownBy(() -> ParamsFile.read(write("alias.yaml", "a: &x 1\nb: *x\n")))
                .hasMessageEndingWith("alias.yaml:2: alias '*x' refers to no anchored mapping or list");
    }

    @Test
    void aFileThatIsNotAMappingIsRefused() throws IOException {
        Path list = write("list.yaml", "- 1\n- 2\n");

        assertThatThrownBy(() -> ParamsFile.read(list)).isInstanceOf(CapstanException.class)
                .hasMessage("'%s': expected a mapping of parameters, found a list", list);
        assertThatThrownBy(() -> ParamsFile.read(write("params.py", "LR = 0.1\n")))
                .hasMessageContaining("Python params files are not supported");
    }

    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
