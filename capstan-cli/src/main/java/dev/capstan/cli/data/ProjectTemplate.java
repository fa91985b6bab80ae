package dev.capstan.cli.data;

import dev.capstan.CapstanException;
import dev.capstan.cli.quickstart.ChurnData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code ml-project} template of {@code capstan init --template}: the layout the project recommends (incoming,
 * raw and processed data, src, pipelines, tests, configs for training, gates, serving, monitoring and retraining,
 * a {@code dvc.yaml} with its {@code params.yaml}, a validation suite of the domain's bounds), and a generated
 * delivery of customers, so that {@code capstan repro} runs as generated: ingest, validate, split, train, evaluate,
 * gate.
 */
public final class ProjectTemplate {

    public static final String NAME = "ml-project";
    private static final String RESOURCES = "/templates/ml-project/";
    private static final List<String> FILES = List.of("README.md", "params.yaml", "dvc.yaml", "configs/train.yaml",
            "configs/suite.yaml", "configs/gates.yaml", "configs/retrain-gates.yaml", "configs/serving.yaml", "configs/monitoring.yaml", "configs/retrain.yaml",
            "src/README.md", "tests/README.md", "pipelines/README.md");
    /** The latest delivery of customers, which the pipeline's {@code ingest} stage takes in. */
    public static final String INCOMING = "data/incoming/customers.csv";
    /** The customers in the generated table. */
    public static final int ROWS = 5000;

    private ProjectTemplate() {
    }

    /** Writes the template into {@code dir}, which must not exist or be empty; {@code seed} picks the data. */
    public static void write(Path dir, long seed) {
        refuseNonEmpty(dir);
        try {
            for (String file : FILES) {
                Path target = dir.resolve(file);
                Files.createDirectories(target.getParent());
                try (InputStream in = ProjectTemplate.class.getResourceAsStream(RESOURCES + file)) {
                    if (in == null) {
                        throw new IllegalStateException("The template file " + file + " is missing from the jar");
                    }
                    Files.copy(in, target);
                }
            }
            for (String empty : new String[] {"data/raw", "data/processed"}) {
                Files.createDirectories(dir.resolve(empty));
                Files.writeString(dir.resolve(empty).resolve(".gitkeep"), "");
            }
            ChurnData.write(dir.resolve(INCOMING), ROWS, seed, 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the project template into " + dir, e);
        }
    }

    private static void refuseNonEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw CapstanException.invalid("%s exists and is not a directory", dir);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw CapstanException.invalid("%s is not empty: the %s template goes into a new or empty directory",
                        dir, NAME);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
