package dev.capstan.data;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.capstan.Json;
import dev.capstan.data.internal.YamlBlocks;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dvc.lock} documents are written as ruamel.yaml, DVC's YAML writer, writes them. */
class YamlBlocksTest {

    private static final String RUAMEL = String.join("\n",
            "import json, sys",
            "try:",
            "    from ruamel.yaml import YAML",
            "except ImportError:",
            "    sys.exit(0)",
            "YAML().dump(json.load(sys.stdin), sys.stdout)",
            "");

    private static final String DOCUMENT = """
            {"schema": "2.0", "stages": {"train@1": {"cmd": ["python train.py", "echo done"],
              "deps": [{"path": "data/x.csv", "hash": "md5", "md5": "0123456789abcdef0123456789abcdef", "size": 12},
                       {"path": "my dir: v1", "hash": "md5", "md5": "0123456789abcdef0123456789abcdef.dir",
                        "size": 4, "nfiles": 2}],
              "params": {"params.yaml": {"a": 1e-05, "b": 1e16, "c": 0.1, "d": null, "e": [1, 2], "f": {}, "g": [],
                  "h": true, "i": "yes", "j": 1.5e300, "m": 100.0, "n": 123456789012345678.0, "o": "multi\\nline",
                  "p": "", "q": "0.1", "r": [{"x": 1, "y": [true, null]}, [2, [3, 4]]], "s": -0.00012, "t": 1e15,
                  "u": -2.5e-7, "v": 0.0001}},
              "outs": []}}}
            """;

    @TempDir
    Path dir;

    @Test
    void nestedValuesAreWrittenAsRuamelYamlWritesThem() throws Exception {
        String expected = DataRepos.execWithInput(dir, DOCUMENT, "/usr/bin/python3", "-c", RUAMEL);
        Assumptions.assumeTrue(!expected.isEmpty(), "python3-ruamel.yaml is not installed (apt-get install "
                + "python3-ruamel.yaml); skipping the comparison with DVC's YAML writer");

        LinkedHashMap<String, Object> document = Json.MAPPER.readValue(DOCUMENT, new TypeReference<>() { });

        assertThat(YamlBlocks.document(document)).isEqualTo(expected);
    }
}
