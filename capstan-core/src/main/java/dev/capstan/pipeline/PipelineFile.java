package dev.capstan.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A {@code dvc.yaml} of DVC 3 with its stages resolved as DVC resolves them: variables from {@code params.yaml}
 * (when it exists beside the file) and {@code vars} interpolated with {@code ${...}}, and {@code foreach} and
 * {@code matrix} definitions expanded into stages named {@code name@key}. Top-level {@code plots}, {@code params},
 * {@code metrics}, {@code artifacts} and {@code datasets} are checked and otherwise not read.
 *
 * @param file   the {@code dvc.yaml}
 * @param stages its stages in file order, generated ones in the order of their items
 */
public record PipelineFile(Path file, List<Stage> stages) {

    /** The pipeline file's name. */
    public static final String NAME = "dvc.yaml";

    public PipelineFile {
        stages = List.copyOf(stages);
    }

    /**
     * Reads and resolves a {@code dvc.yaml}. A missing file is "does not exist"; anything DVC would refuse (a YAML
     * syntax error, an unknown key, a value of the wrong type, a reference to an unknown variable, a stage
     * without {@code cmd}, a repeated stage name) is an invalid-input error naming the file, the line and the
     * stage.
     */
    public static PipelineFile read(Path dvcYaml) {
        YamlTree tree = YamlTree.read(dvcYaml);
        PipelineSchema.validate(tree);
        return new PipelineFile(dvcYaml, new StageResolver(tree).stages());
    }

    /** The stage with this name ({@code train}, {@code train@us}). */
    public Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
