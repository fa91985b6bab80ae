package dev.capstan.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The graph between stages: edges from outputs to dependencies (also into and out of directories), and its order. */
class DagTest {

    private static final Path DVC_YAML = Path.of("/repo/dvc.yaml");

    private static Stage stage(String name, String wdir, List<String> deps, List<String> outs) {
        return new Stage(name, DVC_YAML, List.of("true"), wdir, deps, List.of(),
                outs.stream().map(o -> new Stage.Output(o, Stage.Output.Kind.OUTS, true, false, true)).toList(),
                false, false, null, Map.of());
    }

    private static final List<Stage> PIPELINE = List.of(
            stage("evaluate", ".", List.of("model.pkl", "data/prepared/test.csv"), List.of("scores.json")),
            stage("train", "src", List.of("../data/prepared"), List.of("../model.pkl")),
            stage("prepare", ".", List.of("data/raw.csv"), List.of("data/prepared")));

    @Test
    void stagesAreOrderedUpstreamFirstAcrossWorkDirectoriesAndDirectories() {
        Dag dag = Dag.of(PIPELINE);

        assertThat(dag.upstream("evaluate")).containsExactlyInAnyOrder("train", "prepare");
        assertThat(dag.order(List.of(), false)).extracting(Stage::name).containsExactly("prepare", "train", "evaluate");
        assertThat(dag.order(List.of("train"), false)).extracting(Stage::name).containsExactly("prepare", "train");
        assertThat(dag.order(List.of("train"), true)).extracting(Stage::name).containsExactly("train");
        assertThat(dag.order(List.of("dvc.yaml:train"), true)).extracting(Stage::name).containsExactly("train");
    }

    @Test
    void mermaidAndDotDescribeTheSameEdges() {
        Dag dag = Dag.of(PIPELINE);

        assertThat(dag.mermaid()).isEqualTo(String.join("\n", "flowchart TD", "\tnode1[\"prepare\"]",
                "\tnode2[\"train\"]", "\tnode3[\"evaluate\"]", "\tnode1-->node2", "\tnode2-->node3", "\tnode1-->node3",
                ""));
        assertThat(dag.dot()).contains("\"prepare\" -> \"train\";", "\"train\" -> \"evaluate\";",
                "\"prepare\" -> \"evaluate\";");
    }

    @Test
    void anUnknownTargetNamesTheStages() {
        assertThatThrownBy(() -> Dag.of(PIPELINE).order(List.of("tain"), false))
                .hasMessageContaining("no stage named 'tain'").hasMessageContaining("prepare");
    }

    @Test
    void overlappingOutputsAreRefused() {
        List<Stage> stages = List.of(stage("a", ".", List.of(), List.of("data")),
                stage("b", ".", List.of(), List.of("data/part.csv")));

        assertThatThrownBy(() -> Dag.of(stages)).hasMessageContaining("overlap").hasMessageContaining("'a'")
                .hasMessageContaining("'b'");
    }
}
