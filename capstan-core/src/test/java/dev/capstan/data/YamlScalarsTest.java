package dev.capstan.data;

import dev.capstan.data.internal.YamlScalars;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Paths in {@code .dvc} files are printed as ruamel.yaml, DVC's YAML writer, prints them. */
class YamlScalarsTest {

    private static final List<String> PATHS = List.of("data.xml", "my data: v1.csv", "123", "1e5", "true", "True",
            "yes", "null", "~", "-dash", "-", "- x", "? x", "?x", ":x", "a#b", "a #b", "#x", "naïve.csv", "日本.csv",
            "x'y", "x\"y", "'x", "a: b", "@x", "`x", "%x", "!x", "&x", "*x", "|x", ">x", "[x", "{x", ",x", "x,y",
            "x]", "x:", "x:y", "2024-01-01", "0x1F", "0o17", "0b101", "1_000", "_1", "1.", "+1", ".5", "NaN", ".nan",
            "+.inf", "on", "off", "y", "n", "12:30", "x\ty", "tab\t", "trail ", " lead", "a\\b", "x\u007fy",
            "\uFEFFx", "\uD83D\uDE00.png");

    /** What ruamel.yaml prints for each path, one line per path, or nothing when ruamel.yaml is not installed. */
    private static final String RUAMEL = String.join("\n",
            "import io, json, sys",
            "try:",
            "    from ruamel.yaml import YAML",
            "except ImportError:",
            "    sys.exit(0)",
            "y = YAML()",
            "y.default_flow_style = False",
            "for p in json.load(sys.stdin):",
            "    s = io.StringIO()",
            "    y.dump({'path': p}, s)",
            "    sys.stdout.buffer.write(s.getvalue()[len('path: '):].encode('utf-8'))",
            "");

    @TempDir
    Path dir;

    @Test
    void pathsArePrintedAsRuamelYamlPrintsThem() throws Exception {
        String json = dev.capstan.Json.MAPPER.writeValueAsString(PATHS);
        String expected = DataRepos.execWithInput(dir, json, "/usr/bin/python3", "-c", RUAMEL);
        Assumptions.assumeTrue(!expected.isEmpty(), "python3-ruamel.yaml is not installed (apt-get install "
                + "python3-ruamel.yaml); skipping the comparison with DVC's YAML writer");

        StringBuilder actual = new StringBuilder();
        PATHS.forEach(p -> actual.append(YamlScalars.scalar(p)).append('\n'));

        assertThat(actual.toString()).isEqualTo(expected);
    }

    /** A whole {@code .dvc} document as DVC dumps it: {@code dump_yaml} with ruamel.yaml's round-trip dumper. */
    private static final String RUAMEL_DVC_FILE = String.join("\n",
            "import sys",
            "try:",
            "    from ruamel.yaml import YAML",
            "except ImportError:",
            "    sys.exit(0)",
            "y = YAML()",
            "y.default_flow_style = False",
            "y.dump({'outs': [{'md5': '074c393b1da19f7ebfa6a0a975fb6ff1.dir', 'size': 2, 'nfiles': 2, 'hash': 'md5',",
            "                  'path': 'images'}, {'md5': '6f5902ac237024bdd0c176cb93063dc4', 'size': 12, 'isexec': True,",
            "                  'hash': 'md5', 'path': 'run.sh'}]}, sys.stdout)",
            "");

    @Test
    void aWholeDvcFileIsWhatRuamelYamlDumps() {
        String expected = DataRepos.exec(dir, "/usr/bin/python3", "-c", RUAMEL_DVC_FILE);
        Assumptions.assumeTrue(!expected.isEmpty(), "python3-ruamel.yaml is not installed");

        DvcFile dvc = new DvcFile(dir.resolve("x.dvc"), List.of(
                new DvcFile.Output("074c393b1da19f7ebfa6a0a975fb6ff1.dir", 2L, 2, false, "images"),
                new DvcFile.Output("6f5902ac237024bdd0c176cb93063dc4", 12L, null, true, "run.sh")));

        assertThat(dvc.text()).isEqualTo(expected);
    }

    @Test
    void quotedPathsReadBack() {
        for (String p : PATHS) {
            Path file = dir.resolve("x.dvc");
            DvcFile dvc = new DvcFile(file, List.of(new DvcFile.Output("6f5902ac237024bdd0c176cb93063dc4", 1L, null,
                    false, p)));
            DataRepos.write(file, dvc.text());
            assertThat(DvcFile.read(file).outs().get(0).path()).as(p).isEqualTo(p);
        }
    }
}
