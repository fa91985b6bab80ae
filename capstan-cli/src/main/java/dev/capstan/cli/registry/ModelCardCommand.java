package dev.capstan.cli.registry;

import dev.capstan.CapstanException;
import dev.capstan.cli.internal.OutputFiles;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.MLmodels;
import dev.capstan.registry.ModelDownloads;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.RegisteredModel;
import dev.capstan.registry.VersionLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code models card}: a version's model card in Markdown, on stdout or in a file. */
@Command(name = "card", description = "Render a version's model card in Markdown: intended use, owner, metrics, "
        + "training data, code and parameters, approvals and signature.")
final class ModelCardCommand implements Runnable {

    @Spec
    private CommandSpec spec;
    @Mixin
    private TrackingOptions tracking;
    @Mixin
    private ModelFetch fetch;
    @Parameters(index = "0", paramLabel = "NAME")
    private String name;
    @Parameters(index = "1", paramLabel = "VERSION")
    private String version;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of to stdout.")
    private Path output;

    @Override
    public void run() {
        RegisteredModel model;
        ModelVersion modelVersion;
        VersionLock lock;
        String downloadUri;
        try (ModelRegistryStore store = tracking.openRegistry()) {
            model = store.getRegisteredModel(name);
            modelVersion = store.getModelVersion(name, version);
            lock = store.getVersionLock(name, version);
            downloadUri = store.getDownloadUri(name, version);
        }
        ModelCard card;
        try {
            card = new ModelCard(model, modelVersion, lock, readMLmodel(downloadUri), null);
        } catch (CapstanException | UncheckedIOException e) {
            card = new ModelCard(model, modelVersion, lock, null, "its MLmodel could not be read (" + e.getMessage() + ")");
        }
        if (output == null) {
            card.print(spec.commandLine().getOut());
            return;
        }
        ModelCard written = card;
        OutputFiles.write(output, written::print);
        spec.commandLine().getErr().printf("Wrote the card of version %s of model '%s' to %s%n", version, name, output);
    }

    /** Only the MLmodel file, not the model's (possibly large) other files. */
    private MLmodel readMLmodel(String downloadUri) {
        Path temp = null;
        try {
            temp = Files.createTempDirectory("capstan-card-");
            ModelDownloads.downloadFile(downloadUri, MLmodels.FILE_NAME, tracking.uri(), fetch.artifactsDestination, temp);
            return MLmodels.read(temp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(MLmodels.FILE_NAME));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
