package dev.capstan.cli.registry;

import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelUri;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.NewModelVersion;
import dev.capstan.registry.RegisteredModel;
import dev.capstan.registry.RegistryQuery;
import dev.capstan.registry.Stage;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.search.SearchFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code capstan models register|list|describe|versions|alias|stage|card|download-uri|download|predict}: the model
 * registry, model cards, and fetching and scoring its models locally.
 */
@Command(name = "models", description = "Register models and manage their versions, stages and aliases.",
        subcommands = {ModelsCommand.Register.class, ModelsCommand.ListModels.class, ModelsCommand.Describe.class,
                ModelsCommand.Versions.class, ModelsCommand.Alias.class, ModelsCommand.SetStage.class,
                ModelCardCommand.class, ModelsCommand.DownloadUri.class, ModelDownloadCommand.class, ModelPredictCommand.class})
public final class ModelsCommand implements Runnable {

    private static final int PAGE_SIZE = 1000;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing subcommand: register, list, describe, versions, alias, stage, card, download-uri, download or predict");
    }

    /** {@code models register}: MLflow's {@code register_model}. */
    @Command(name = "register", description = "Register a new version of a model, creating the model if needed.")
    static final class Register implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Parameters(index = "0", paramLabel = "NAME", description = "The registered model's name.")
        private String name;
        @Parameters(index = "1", paramLabel = "SOURCE",
                description = "The model's files: runs:/<run_id>/<path>, mlflow-artifacts:/... or a location inside "
                        + "the artifact directory of the run given with --run-id.")
        private String source;
        @Option(names = "--run-id", paramLabel = "ID", description = "The run that produced the model.")
        private String runId;
        @Option(names = "--description", paramLabel = "TEXT", description = "The new version's description.")
        private String description;
        @Option(names = "--json", description = "Print MLflow's JSON.")
        private boolean json;

        @Override
        public void run() {
            try (ModelRegistryStore store = tracking.openRegistry()) {
                ModelVersion v = store.registerModelVersion(new NewModelVersion(name, source, runId, List.of(), null,
                        description));
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    JsonOutput.print(out, JsonOutput.wrap("model_version", v));
                    return;
                }
                out.printf("Registered version %s of model '%s'%n", v.version(), v.name());
                ModelTables.version(v, out);
            }
        }
    }

    /** {@code models list}: a search with MLflow's filter grammar ({@code name}, {@code tags.<key>}). */
    @Command(name = "list", description = "Search registered models.")
    static final class ListModels implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Option(names = "--filter", paramLabel = "EXPR", description = "e.g. \"name LIKE 'churn%' AND tags.team = 'risk'\"")
        private String filter;
        @Option(names = "--max-results", paramLabel = "N", defaultValue = "100",
                description = "At most this many models (default: ${DEFAULT-VALUE}).")
        private int maxResults;
        @Option(names = "--json", description = "Print MLflow's JSON instead of a table.")
        private boolean json;

        @Override
        public void run() {
            try (ModelRegistryStore store = tracking.openRegistry()) {
                print(store.searchRegisteredModels(new RegistryQuery(filter, maxResults, List.of(), null)),
                        spec.commandLine().getOut());
            }
        }

        private void print(Page<RegisteredModel> page, PrintWriter out) {
            if (json) {
                Map<String, Object> body = JsonOutput.wrap("registered_models", page.items());
                if (page.nextPageToken() != null) {
                    body.put("next_page_token", page.nextPageToken());
                }
                JsonOutput.print(out, body);
                return;
            }
            if (page.items().isEmpty()) {
                out.println("No registered models found.");
                return;
            }
            ModelTables.models(page.items(), out);
            if (page.nextPageToken() != null) {
                out.printf("(showing the first %d models; raise --max-results to see more)%n", page.items().size());
            }
        }
    }

    /** {@code models describe}. */
    @Command(name = "describe", description = "Show one registered model: description, latest versions, aliases, tags.")
    static final class Describe implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Parameters(paramLabel = "NAME")
        private String name;
        @Option(names = "--json", description = "Print MLflow's JSON.")
        private boolean json;

        @Override
        public void run() {
            try (ModelRegistryStore store = tracking.openRegistry()) {
                RegisteredModel model = store.getRegisteredModel(name);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    JsonOutput.print(out, JsonOutput.wrap("registered_model", model));
                } else {
                    ModelTables.model(model, out);
                }
            }
        }
    }

    /** {@code models versions}: every version of one model, newest first. */
    @Command(name = "versions", description = "List the versions of a registered model, newest first.")
    static final class Versions implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Parameters(paramLabel = "NAME")
        private String name;
        @Option(names = "--json", description = "Print MLflow's JSON instead of a table.")
        private boolean json;

        @Override
        public void run() {
            try (ModelRegistryStore store = tracking.openRegistry()) {
                store.getRegisteredModel(name);
                List<ModelVersion> versions = all(store, "name = " + SearchFilter.literal(name));
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    JsonOutput.print(out, JsonOutput.wrap("model_versions", versions));
                } else if (versions.isEmpty()) {
                    out.printf("Model '%s' has no versions; add one with `capstan models register`.%n", name);
                } else {
                    ModelTables.versions(versions, out);
                }
            }
        }

        private static List<ModelVersion> all(ModelRegistryStore store, String filter) {
            List<ModelVersion> versions = new ArrayList<>();
            String token = null;
            do {
                Page<ModelVersion> page = store.searchModelVersions(new RegistryQuery(filter, PAGE_SIZE,
                        List.of("version_number DESC"), token));
                versions.addAll(page.items());
                token = page.nextPageToken();
            } while (token != null);
            return versions;
        }
    }

    /** {@code models alias}: point an alias at a version, or delete it. */
    @Command(name = "alias", description = "Point an alias (e.g. champion) at a version, or delete it with --delete.")
    static final class Alias implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Parameters(index = "0", paramLabel = "NAME")
        private String name;
        @Parameters(index = "1", paramLabel = "ALIAS")
        private String alias;
        @Parameters(index = "2", paramLabel = "VERSION", arity = "0..1")
        private String version;
        @Option(names = "--delete", description = "Delete the alias instead.")
        private boolean delete;

        @Override
        public void run() {
            if (delete == (version != null)) {
                throw new ParameterException(spec.commandLine(), delete ? "Give either VERSION or --delete, not both"
                        : "Missing VERSION: the version the alias points at (or --delete)");
            }
            try (ModelRegistryStore store = tracking.openRegistry()) {
                PrintWriter out = spec.commandLine().getOut();
                if (delete) {
                    store.deleteAlias(name, alias);
                    out.printf("Deleted alias '%s' of model '%s'%n", alias, name);
                } else {
                    store.setAlias(name, alias, version);
                    out.printf("Alias '%s' of model '%s' now points at version %s (models:/%s@%s)%n", alias, name,
                            version, name, alias);
                }
            }
        }
    }

    /** {@code models stage}: MLflow's stage transition. */
    @Command(name = "stage", description = "Move a version to a stage: None, Staging, Production or Archived.")
    static final class SetStage implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Parameters(index = "0", paramLabel = "NAME")
        private String name;
        @Parameters(index = "1", paramLabel = "VERSION")
        private String version;
        @Parameters(index = "2", paramLabel = "STAGE", description = "None, Staging, Production or Archived.")
        private String stage;
        @Option(names = "--archive-existing",
                description = "Archive the versions now in that stage (Staging and Production only).")
        private boolean archiveExisting;
        @Option(names = "--json", description = "Print MLflow's JSON.")
        private boolean json;

        @Override
        public void run() {
            Stage target = Stage.of(stage);
            try (ModelRegistryStore store = tracking.openRegistry()) {
                ModelVersion v = store.transitionStage(name, version, target, archiveExisting);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    JsonOutput.print(out, JsonOutput.wrap("model_version", v));
                } else {
                    out.printf("Version %s of model '%s' is now in stage %s%n", v.version(), v.name(),
                            v.currentStage().wireName());
                }
            }
        }
    }

    /** {@code models download-uri}: where a client fetches a version's files from. */
    @Command(name = "download-uri", description = "Print where the files of a models:/ URI are downloaded from.")
    static final class DownloadUri implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Parameters(paramLabel = "MODEL_URI",
                description = "models:/<name>/<version>, models:/<name>@<alias>, models:/<name>/<stage> or models:/<name>/latest")
        private String modelUri;
        @Option(names = "--json", description = "Print MLflow's JSON.")
        private boolean json;

        @Override
        public void run() {
            ModelUri uri = ModelUri.parse(modelUri);
            try (ModelRegistryStore store = tracking.openRegistry()) {
                ModelVersion v = store.resolve(uri);
                String artifactUri = store.getDownloadUri(v.name(), v.version());
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    JsonOutput.print(out, JsonOutput.wrap("artifact_uri", artifactUri));
                } else {
                    out.println(artifactUri);
                }
            }
        }
    }
}
