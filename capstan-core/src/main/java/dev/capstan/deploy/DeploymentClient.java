package dev.capstan.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import dev.capstan.store.internal.MlflowHttp;

/**
 * The deployments API of a running {@code capstan server} ({@code /api/2.0/capstan/deployments/...}), for the CLI.
 * Answers are the server's JSON; errors come back as the server's {@link dev.capstan.CapstanException}. Thread-safe.
 */
public final class DeploymentClient {

    private static final String API = "/api/2.0/capstan/deployments/";

    private final MlflowHttp http;
    private final String actor;

    /** A client of the server at {@code url}, recording {@code actor} as who made each change. */
    public DeploymentClient(String url, String actor) {
        this.http = new MlflowHttp(url);
        this.actor = actor;
    }

    public JsonNode create(DeploymentSpec spec, String reason) {
        return http.post(API + "create", MlflowHttp.body("spec", Json.MAPPER.valueToTree(spec.toMap()),
                "actor", actor, "reason", reason));
    }

    public JsonNode list() {
        return http.get(API + "list");
    }

    /** The deployment, the versions serving it and its events. */
    public JsonNode get(String name) {
        return http.get(API + "get", "name", name);
    }

    public JsonNode setWeight(String name, int weight, String reason) {
        return http.post(API + "set-weight", MlflowHttp.body("name", name, "weight", weight, "actor", actor,
                "reason", reason));
    }

    public JsonNode promote(String name, String reason) {
        return change("promote", name, reason);
    }

    public JsonNode rollback(String name, String reason) {
        return change("rollback", name, reason);
    }

    /** Feedback for an ab deployment: each item has {@code request_id} and {@code label} or {@code value}. */
    public JsonNode feedback(String name, java.util.List<java.util.Map<String, Object>> items) {
        return http.post(API + "feedback", MlflowHttp.body("name", name, "feedback", items));
    }

    public void delete(String name) {
        change("delete", name, null);
    }

    private JsonNode change(String action, String name, String reason) {
        return http.post(API + action, MlflowHttp.body("name", name, "actor", actor, "reason", reason));
    }
}
