package dev.capstan.ml.mlmodel;

import dev.capstan.CapstanException;
import dev.capstan.ml.mlmodel.internal.MLmodelYaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes {@code MLmodel} files, the descriptor of an MLflow model directory.
 *
 * <p><b>What is read.</b> Files written by MLflow 0.x to 2.x (checked against 2.17.2): with or without
 * {@code mlflow_version}, {@code model_uuid}, {@code signature} (column-based, tensor-based, with params; the
 * {@code optional} column key of early 2.x is accepted), {@code saved_input_example_info}, {@code metadata},
 * {@code model_size_bytes}. Unknown flavors and unknown top-level keys are kept verbatim. Files from a newer major
 * version (3.x or later) are accepted when they have the same structure; anything the reader does not understand
 * there fails like in any other file. Errors are {@link CapstanException}s with code
 * {@code INVALID_PARAMETER_VALUE} naming the file, the field, what was expected and what was found.
 *
 * <p><b>What is written.</b> YAML that MLflow 2.17's {@code Model.load} reads: keys sorted like PyYAML's
 * {@code safe_dump}, signature schemas as JSON strings in Python's {@code json.dumps} format, unset optional keys
 * left out. Writing replaces the file atomically. Reading a written file gives an equal {@link MLmodel}.
 *
 * <p>Stateless and thread-safe.
 */
public final class MLmodels {

    /** The file name inside a model directory. */
    public static final String FILE_NAME = "MLmodel";

    /** The newest MLflow major version whose MLmodel format this reader was checked against. */
    public static final int NEWEST_KNOWN_MLFLOW_MAJOR = 2;

    private MLmodels() {
    }

    /** Reads {@code dir/MLmodel}; {@code dir} may also be the MLmodel file itself. */
    public static MLmodel read(Path dir) {
        Path file = Files.isDirectory(dir) ? dir.resolve(FILE_NAME) : dir;
        if (!Files.isRegularFile(file)) {
            throw CapstanException.invalid("%s: expected an MLflow model directory with an %s file, found no such file",
                    file, FILE_NAME);
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Parses MLmodel YAML text; {@code source} names it in error messages. */
    public static MLmodel parse(String yaml, String source) {
        return MLmodelYaml.read(yaml, source);
    }

    /** The YAML text of an MLmodel file for this model. */
    public static String toYaml(MLmodel model) {
        return MLmodelYaml.write(model);
    }

    /** Writes {@code dir/MLmodel} atomically (a temporary file renamed over it), creating {@code dir} if needed. */
    public static Path write(Path dir, MLmodel model) {
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + FILE_NAME + "-", ".tmp");
            try {
                Files.writeString(tmp, toYaml(model), StandardCharsets.UTF_8);
                move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
