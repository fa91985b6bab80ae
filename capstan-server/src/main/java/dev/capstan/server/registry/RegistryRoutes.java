package dev.capstan.server.registry;

import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.NewModelVersion;
import dev.capstan.registry.RegistryQuery;
import dev.capstan.server.internal.Endpoints;
import dev.capstan.server.internal.Responses;
import dev.capstan.tracking.Tag;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

import java.util.Map;

import static dev.capstan.server.registry.RegistryRequests.*;

/**
 * MLflow's model registry REST API ({@code registered-models/*}, {@code model-versions/*}) with MLflow's HTTP
 * methods: GET reads, POST creates and changes, PATCH updates descriptions, DELETE removes. A thin shell over the
 * {@link ModelRegistryStore}. Version creation and promotions are recorded under the caller's name; Capstan's own
 * additions (version locks) are mounted by {@link #mountCapstan}.
 */
public final class RegistryRoutes {

    private final ModelRegistryStore store;

    public RegistryRoutes(ModelRegistryStore store) {
        this.store = store;
    }

    public void mount(Router router, String prefix) {
        Endpoints api = new Endpoints(router);
        String models = prefix + "registered-models/";
        api.post(models + "create", CreateRegisteredModel.class,
                r -> model(store.createRegisteredModel(r.name(), r.tags(), r.description())));
        api.get(models + "get", ModelRef.class, r -> model(store.getRegisteredModel(r.name())));
        api.post(models + "rename", RenameRegisteredModel.class,
                r -> model(store.renameRegisteredModel(r.name(), r.newName())));
        api.on(HttpMethod.PATCH, models + "update", UpdateDescription.class,
                r -> model(store.updateRegisteredModel(r.name(), r.description())));
        api.action(HttpMethod.DELETE, models + "delete", ModelRef.class, r -> store.deleteRegisteredModel(r.name()));
        api.get(models + "search", SearchRequest.class, r -> Responses.page("registered_models",
                store.searchRegisteredModels(query(r))));
        api.get(models + "get-latest-versions", GetLatestVersions.class, this::latestVersions);
        api.post(models + "get-latest-versions", GetLatestVersions.class, this::latestVersions);
        api.action(HttpMethod.POST, models + "set-tag", TagRequest.class,
                r -> store.setRegisteredModelTag(r.name(), new Tag(r.key(), r.value())));
        api.action(HttpMethod.DELETE, models + "delete-tag", TagRequest.class,
                r -> store.deleteRegisteredModelTag(r.name(), r.key()));
        api.onBehalfOf(HttpMethod.POST, models + "alias", AliasRequest.class, (r, caller) -> {
            store.actingAs(caller.name()).setAlias(r.name(), r.alias(), r.version());
            return null;
        });
        api.action(HttpMethod.DELETE, models + "alias", AliasRequest.class, r -> store.deleteAlias(r.name(), r.alias()));
        api.get(models + "alias", AliasRequest.class, r -> version(store.getVersionByAlias(r.name(), r.alias())));
        mountVersions(api, prefix + "model-versions/");
    }

    private void mountVersions(Endpoints api, String versions) {
        api.onBehalfOf(HttpMethod.POST, versions + "create", CreateModelVersion.class, (r, caller) ->
                version(store.actingAs(caller.name()).createModelVersion(
                        new NewModelVersion(r.name(), r.source(), r.runId(), r.tags(), r.runLink(), r.description()))));
        api.get(versions + "get", VersionRef.class, r -> version(store.getModelVersion(r.name(), r.version())));
        api.on(HttpMethod.PATCH, versions + "update", UpdateDescription.class,
                r -> version(store.updateModelVersion(r.name(), r.version(), r.description())));
        api.action(HttpMethod.DELETE, versions + "delete", VersionRef.class,
                r -> store.deleteModelVersion(r.name(), r.version()));
        api.get(versions + "search", SearchRequest.class, r -> Responses.page("model_versions", store.searchModelVersions(query(r))));
        api.get(versions + "get-download-uri", VersionRef.class,
                r -> Map.of("artifact_uri", store.getDownloadUri(r.name(), r.version())));
        api.onBehalfOf(HttpMethod.POST, versions + "transition-stage", TransitionStage.class, (r, caller) ->
                version(store.actingAs(caller.name()).transitionStage(r.name(), r.version(), r.stage(),
                        Boolean.TRUE.equals(r.archiveExistingVersions()))));
        api.action(HttpMethod.POST, versions + "set-tag", TagRequest.class,
                r -> store.setModelVersionTag(r.name(), r.version(), new Tag(r.key(), r.value())));
        api.action(HttpMethod.DELETE, versions + "delete-tag", TagRequest.class,
                r -> store.deleteModelVersionTag(r.name(), r.version(), r.key()));
    }

    /** Capstan's registry endpoints beside MLflow's, under {@code prefix} (e.g. {@code /api/2.0/capstan/}). */
    public void mountCapstan(Router router, String prefix) {
        new Endpoints(router).get(prefix + "model-versions/lock", VersionRef.class,
                r -> Map.of("version_lock", store.getVersionLock(r.name(), r.version())));
    }

    private Map<String, Object> latestVersions(GetLatestVersions r) {
        return Map.of("model_versions", store.getLatestVersions(r.name(), r.stages()));
    }

    private static RegistryQuery query(SearchRequest r) {
        return new RegistryQuery(r.filter(), r.maxResults(), r.orderBy(), r.pageToken());
    }

    private static Map<String, Object> model(Object registeredModel) {
        return Map.of("registered_model", registeredModel);
    }

    private static Map<String, Object> version(Object modelVersion) {
        return Map.of("model_version", modelVersion);
    }

}
