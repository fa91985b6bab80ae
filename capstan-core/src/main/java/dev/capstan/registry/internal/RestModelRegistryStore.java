package dev.capstan.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.NewModelVersion;
import dev.capstan.registry.RegisteredModel;
import dev.capstan.registry.RegistryQuery;
import dev.capstan.registry.Stage;
import dev.capstan.registry.VersionLock;
import dev.capstan.store.internal.MlflowHttp;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Tag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.capstan.store.internal.MlflowHttp.body;
import static dev.capstan.store.internal.MlflowHttp.page;
import static dev.capstan.store.internal.MlflowHttp.read;

/**
 * The model registry of a remote Capstan or MLflow server, through MLflow's REST API
 * ({@code registered-models/*}, {@code model-versions/*}). Server errors come back as the same
 * {@link CapstanException} classes the SQL store throws; {@link #resolve} runs on the client. Thread-safe.
 */
public final class RestModelRegistryStore implements ModelRegistryStore {

    private static final String MODELS = "registered-models/";
    private static final String VERSIONS = "model-versions/";
    private static final String LOCKS = "/api/2.0/capstan/model-versions/lock";

    private final MlflowHttp http;

    public RestModelRegistryStore(String uri) {
        this.http = new MlflowHttp(uri);
    }

    // ---------------------------------------------------------------- registered models

    @Override
    public RegisteredModel createRegisteredModel(String name, List<Tag> tags, String description) {
        return model(http.post(MODELS + "create", body("name", name, "tags", tags, "description", description)));
    }

    @Override
    public RegisteredModel getRegisteredModel(String name) {
        return model(http.get(MODELS + "get", "name", name));
    }

    @Override
    public RegisteredModel renameRegisteredModel(String name, String newName) {
        return model(http.post(MODELS + "rename", body("name", name, "new_name", newName)));
    }

    @Override
    public RegisteredModel updateRegisteredModel(String name, String description) {
        return model(http.send("PATCH", MODELS + "update", body("name", name, "description", description)));
    }

    @Override
    public void deleteRegisteredModel(String name) {
        http.send("DELETE", MODELS + "delete", body("name", name));
    }

    @Override
    public Page<RegisteredModel> searchRegisteredModels(RegistryQuery query) {
        return page(http.get(MODELS + "search", search(query)), "registered_models", RegisteredModel.class);
    }

    @Override
    public List<ModelVersion> getLatestVersions(String name, List<Stage> stages) {
        JsonNode response = http.post(MODELS + "get-latest-versions", body("name", name, "stages", stages));
        return page(response, "model_versions", ModelVersion.class).items();
    }

    @Override
    public void setRegisteredModelTag(String name, Tag tag) {
        http.post(MODELS + "set-tag", body("name", name, "key", tag.key(), "value", tag.value()));
    }

    @Override
    public void deleteRegisteredModelTag(String name, String key) {
        http.send("DELETE", MODELS + "delete-tag", body("name", name, "key", key));
    }

    // ---------------------------------------------------------------- model versions

    @Override
    public ModelVersion createModelVersion(NewModelVersion version) {
        return version(http.post(VERSIONS + "create", Json.MAPPER.valueToTree(version)));
    }

    @Override
    public ModelVersion getModelVersion(String name, String version) {
        return version(http.get(VERSIONS + "get", "name", name, "version", version));
    }

    @Override
    public ModelVersion updateModelVersion(String name, String version, String description) {
        return version(http.send("PATCH", VERSIONS + "update", body("name", name, "version", version,
                "description", description)));
    }

    @Override
    public void deleteModelVersion(String name, String version) {
        http.send("DELETE", VERSIONS + "delete", body("name", name, "version", version));
    }

    @Override
    public Page<ModelVersion> searchModelVersions(RegistryQuery query) {
        return page(http.get(VERSIONS + "search", search(query)), "model_versions", ModelVersion.class);
    }

    @Override
    public ModelVersion transitionStage(String name, String version, Stage stage, boolean archiveExisting) {
        return version(http.post(VERSIONS + "transition-stage", body("name", name, "version", version, "stage", stage,
                "archive_existing_versions", archiveExisting)));
    }

    @Override
    public void setModelVersionTag(String name, String version, Tag tag) {
        http.post(VERSIONS + "set-tag", body("name", name, "version", version, "key", tag.key(), "value", tag.value()));
    }

    @Override
    public void deleteModelVersionTag(String name, String version, String key) {
        http.send("DELETE", VERSIONS + "delete-tag", body("name", name, "version", version, "key", key));
    }

    @Override
    public String getDownloadUri(String name, String version) {
        return http.get(VERSIONS + "get-download-uri", "name", name, "version", version).path("artifact_uri").asText();
    }

    // ---------------------------------------------------------------- aliases

    @Override
    public void setAlias(String name, String alias, String version) {
        http.post(MODELS + "alias", body("name", name, "alias", alias, "version", version));
    }

    @Override
    public void deleteAlias(String name, String alias) {
        http.send("DELETE", MODELS + "alias", body("name", name, "alias", alias));
    }

    @Override
    public ModelVersion getVersionByAlias(String name, String alias) {
        return version(http.get(MODELS + "alias", "name", name, "alias", alias));
    }

    /** Capstan's own endpoint: MLflow has no version locks. */
    @Override
    public VersionLock getVersionLock(String name, String version) {
        return read(http.get(LOCKS, "name", name, "version", version).path("version_lock"), VersionLock.class);
    }

    @Override
    public void close() {
        // The JDK client holds no resources that need closing on Java 17.
    }

    private static String[] search(RegistryQuery query) {
        List<String> params = new ArrayList<>(Arrays.asList("filter", query.filter(), "max_results",
                query.maxResults() == null ? null : query.maxResults().toString(), "page_token", query.pageToken()));
        (query.orderBy() == null ? List.<String>of() : query.orderBy()).forEach(o -> params.addAll(List.of("order_by", o)));
        return params.toArray(String[]::new);
    }

    private static RegisteredModel model(JsonNode response) {
        return read(response.path("registered_model"), RegisteredModel.class);
    }

    private static ModelVersion version(JsonNode response) {
        return read(response.path("model_version"), ModelVersion.class);
    }
}
