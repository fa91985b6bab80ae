package dev.capstan.ml.mlmodel;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads every MLmodel file that the Python fixture generator wrote under {@code src/test/resources/models}
 * (none when that directory is absent), checks the MLflow 2.x essentials and a lossless round trip.
 */
class GeneratedModelFixturesTest {

    @TestFactory
    Stream<DynamicTest> readsAndRoundTripsEveryGeneratedModel() throws IOException {
        return generatedMLmodelFiles().stream().map(file -> DynamicTest.dynamicTest(file.getParent().toString(), () -> {
            MLmodel model = MLmodels.read(file.getParent());

            assertThat(model.flavors()).containsKey(MLmodel.PYFUNC_FLAVOR);
            assertThat(model.mlflowVersion()).startsWith("2.");
            assertThat(MLmodels.parse(MLmodels.toYaml(model), "rewritten " + file)).isEqualTo(model);
        }));
    }

    private static List<Path> generatedMLmodelFiles() throws IOException {
        URL root = GeneratedModelFixturesTest.class.getClassLoader().getResource("models");
        if (root == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(Path.of(root.toURI()))) {
            return files.filter(p -> p.getFileName().toString().equals(MLmodels.FILE_NAME)).sorted().toList();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
