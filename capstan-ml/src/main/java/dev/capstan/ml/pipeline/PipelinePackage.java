package dev.capstan.ml.pipeline;

import dev.capstan.Json;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.DataType;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.MLmodels;
import dev.capstan.ml.mlmodel.ModelSignature;
import dev.capstan.ml.mlmodel.SavedInputExampleInfo;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.preprocess.Frame;
import dev.capstan.ml.preprocess.Preprocessor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a {@code capstan_pipeline} model directory: {@code MLmodel} (the flavor, the signature inferred from the
 * training columns, the input example's location), {@code preprocessing.json}, {@code model.ubj} and
 * {@code input_example.json} (the first rows, in pandas' {@code split} orient as MLflow saves them). The files
 * are written to a directory beside the target and renamed over it, so a killed training leaves the previous
 * model whole. The same inputs give the same bytes: the model's UUID derives from its content, and no time stamp
 * is written.
 */
public final class PipelinePackage {

    private static final int EXAMPLE_ROWS = 5;

    private PipelinePackage() {
    }

    /**
     * @param classes the class labels by index for a classifier; empty for a regressor
     * @param train   the training rows' input columns (types, missing values and the example come from them)
     * @param target  the target column's name and its type, for the output schema
     */
    public static Path write(Path dir, Preprocessor preprocessor, byte[] model, List<Object> classes, Frame train,
                             ColSpec target) {
        Path temp = dir.resolveSibling("." + dir.getFileName() + "-" + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(temp);
            Files.write(temp.resolve("model.ubj"), model);
            String spec = preprocessor.toJson();
            Files.writeString(temp.resolve("preprocessing.json"), spec, StandardCharsets.UTF_8);
            Files.writeString(temp.resolve("input_example.json"), inputExample(train), StandardCharsets.UTF_8);
            MLmodels.write(temp, mlmodel(classes, train, target, model, spec));
            replace(temp, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the model package " + dir, e);
        } finally {
            deleteRecursively(temp);
        }
    }

    private static MLmodel mlmodel(List<Object> classes, Frame train, ColSpec target, byte[] model, String spec) {
        Map<String, Object> flavor = new LinkedHashMap<>();
        flavor.put("preprocessing", "preprocessing.json");
        flavor.put("model", "model.ubj");
        flavor.put("task", classes.isEmpty() ? "regression" : "classification");
        if (!classes.isEmpty()) {
            flavor.put("classes", classes);
        }
        flavor.put("format_version", PipelineFlavor.FORMAT_VERSION);
        ModelSignature signature = new ModelSignature(Schema.ofColumns(inputs(train)),
                Schema.ofColumns(List.of(target)), null);
        byte[] specBytes = spec.getBytes(StandardCharsets.UTF_8);
        byte[] identity = Arrays.copyOf(specBytes, specBytes.length + model.length);
        System.arraycopy(model, 0, identity, specBytes.length, model.length);
        return new MLmodel(null, Map.of(PipelineFlavor.NAME, flavor), null,
                UUID.nameUUIDFromBytes(identity).toString().replace("-", ""), null, null, null, signature,
                new SavedInputExampleInfo("input_example.json", "dataframe", "split", null, null), null, null,
                null);
    }

    /** A column per input: its type from its values, optional when some are missing (as MLflow infers them). */
    private static List<ColSpec> inputs(Frame train) {
        List<ColSpec> inputs = new ArrayList<>();
        for (int c = 0; c < train.names().size(); c++) {
            Object column = train.columns().get(c);
            inputs.add(new ColSpec(type(column), train.names().get(c), !hasMissing(column)));
        }
        return inputs;
    }

    private static boolean hasMissing(Object column) {
        if (column instanceof double[] numbers) {
            return Arrays.stream(numbers).anyMatch(Double::isNaN);
        }
        return Stream.of((Object[]) column).anyMatch(v -> v == null || v instanceof Double d && d.isNaN());
    }

    /** A {@code double[]} column is {@code double}; an {@code Object[]} is typed by its first telling value. */
    private static DataType type(Object column) {
        if (column instanceof double[]) {
            return DataType.DOUBLE;
        }
        for (Object value : (Object[]) column) {
            if (value instanceof String) {
                return DataType.STRING;
            }
            if (value instanceof Boolean) {
                return DataType.BOOLEAN;
            }
            if (value instanceof Long) {
                return DataType.LONG;
            }
        }
        return DataType.DOUBLE;
    }

    private static String inputExample(Frame train) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < Math.min(EXAMPLE_ROWS, train.rows()); r++) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < train.names().size(); c++) {
                Object value = train.value(c, r);
                row.add(value instanceof Double d && d.isNaN() ? null : value);
            }
            rows.add(row);
        }
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("columns", train.names());
        example.put("data", rows);
        return Json.MAPPER.writeValueAsString(example);
    }

    /** Puts the new directory where the old one was, then removes the old one. */
    private static void replace(Path temp, Path dir) throws IOException {
        Path old = dir.resolveSibling("." + dir.getFileName() + "-" + UUID.randomUUID() + ".old");
        boolean existed = Files.exists(dir);
        if (existed) {
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        if (existed) {
            deleteRecursively(old);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + path, e);
        }
    }
}
