package dev.capstan.cli.registry;

import dev.capstan.cli.tracking.TrackingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/** {@code models download}: a registered version's files into a local directory. */
@Command(name = "download", description = "Download the files of a models:/ URI into a local directory.")
final class ModelDownloadCommand implements Runnable {

    @Spec
    private CommandSpec spec;
    @Mixin
    private TrackingOptions tracking;
    @Mixin
    private ModelFetch fetch;
    @Parameters(paramLabel = "MODEL_URI",
            description = "models:/<name>/<version>, models:/<name>@<alias>, models:/<name>/<stage> or models:/<name>/latest")
    private String modelUri;
    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Where to put the files (default: ./<name>-<version>).")
    private Path output;

    @Override
    public void run() {
        ModelFetch.Fetched fetched = fetch.fetch(tracking, modelUri, output);
        spec.commandLine().getOut().printf("Downloaded version %s of model '%s' to %s%n", fetched.version().version(),
                fetched.version().name(), fetched.dir());
    }
}
