package dev.capstan.pipeline;

import dev.capstan.data.internal.Git;
import dev.capstan.data.internal.YamlTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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

    /**
     * The stages of every {@code dvc.yaml} of the repository at {@code root}, as DVC addresses them: by name in the
     * root's file, as {@code path/dvc.yaml:name} in the others. The files are those git does not ignore (outputs are
     * ignored), or, without git, every one outside {@code .git} and {@code .dvc}. Empty when there are none.
     */
    public static List<Stage> readAll(Path root) {
        List<Stage> stages = new ArrayList<>();
        for (Path file : files(root)) {
            String prefix = file.getParent().equals(root) ? "" : root.relativize(file).toString().replace('\\', '/') + ":";
            for (Stage s : read(file).stages()) {
                stages.add(prefix.isEmpty() ? s : new Stage(prefix + s.name(), s.dvcYaml(), s.cmd(), s.wdir(), s.deps(),
                        s.params(), s.outs(), s.frozen(), s.alwaysChanged(), s.desc(), s.meta(), s.cmdIsList()));
            }
        }
        return stages;
    }

    private static List<Path> files(Path root) {
        List<Path> files = new ArrayList<>();
        Optional<List<String>> listed = Git.lsFiles(root, NAME, "*/" + NAME);
        if (listed.isPresent()) {
            listed.get().forEach(f -> files.add(root.resolve(f)));
        } else {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.getFileName().toString().equals(NAME) && Files.isRegularFile(p))
                        .filter(p -> !root.relativize(p).startsWith(".git") && !root.relativize(p).startsWith(".dvc"))
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot look for " + NAME + " files in " + root, e);
            }
        }
        files.removeIf(f -> !Files.isRegularFile(f));
        files.sort((a, b) -> a.getParent().equals(root) ? -1 : b.getParent().equals(root) ? 1 : a.compareTo(b));
        return files;
    }

    /** The stage with this name ({@code train}, {@code train@us}). */
    public Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
