package dev.capstan.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.deploy.Deployment;
import dev.capstan.deploy.DeploymentEvent;
import dev.capstan.deploy.DeploymentSpec;
import dev.capstan.server.Caller;
import dev.capstan.server.internal.Endpoints;
import dev.capstan.server.serving.ModelEndpoint;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployments API under {@code /api/2.0/capstan/deployments/}: {@code create} (a spec as JSON), {@code list},
 * {@code get}, {@code set-weight}, {@code promote}, {@code rollback}, {@code delete}. Writes record the actor the
 * request names (the CLI sends the user's name), else the caller, and the reason given.
 */
public final class DeploymentRoutes {

    record Create(JsonNode spec, String actor, String reason) {
    }

    record Named(String name) {
    }

    record Change(String name, Integer weight, String actor, String reason) {
    }

    record FeedbackItem(String requestId, JsonNode label, Double value) {
    }

    record FeedbackBatch(String name, List<FeedbackItem> feedback) {
    }

    private final DeploymentManager manager;

    public DeploymentRoutes(DeploymentManager manager) {
        this.manager = manager;
    }

    public void mount(Router router, String prefix) {
        Endpoints api = new Endpoints(router);
        String base = prefix + "deployments/";
        api.onBehalfOf(HttpMethod.POST, base + "create", Create.class, (r, caller) -> {
            if (r.spec() == null || !r.spec().isObject()) {
                throw CapstanException.invalid("'spec' must be the deployment as a JSON object");
            }
            return view(manager.create(DeploymentSpec.fromTree(r.spec(), "spec"), actor(r.actor(), caller),
                    r.reason()));
        });
        api.get(base + "list", Named.class, r -> Map.of("deployments", manager.list().stream()
                .map(DeploymentRoutes::view).toList()));
        api.get(base + "get", Named.class, r -> detail(manager.get(required(r.name()))));
        api.onBehalfOf(HttpMethod.POST, base + "set-weight", Change.class, (r, caller) -> {
            if (r.weight() == null) {
                throw CapstanException.invalid("'weight' is required: an integer from 0 to 100");
            }
            return view(manager.setWeight(required(r.name()), r.weight(), actor(r.actor(), caller), r.reason()));
        });
        api.onBehalfOf(HttpMethod.POST, base + "promote", Change.class, (r, caller) ->
                view(manager.promote(required(r.name()), actor(r.actor(), caller), r.reason())));
        api.onBehalfOf(HttpMethod.POST, base + "rollback", Change.class, (r, caller) ->
                view(manager.rollback(required(r.name()), actor(r.actor(), caller), r.reason())));
        api.post(base + "feedback", FeedbackBatch.class, r -> {
            if (r.feedback() == null) {
                throw CapstanException.invalid("'feedback' must be a list of {request_id, label or value}");
            }
            DeploymentManager.FeedbackResult result = manager.feedback(required(r.name()), r.feedback().stream()
                    .map(f -> new DeploymentManager.Feedback(f.requestId(), f.label() == null || f.label().isNull()
                            ? null : f.label().asText(), f.value())).toList());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("matched", result.matched());
            body.put("unmatched", result.unmatched());
            body.put("invalid", result.invalid());
            body.put("problems", result.problems());
            return body;
        });
        api.onBehalfOf(HttpMethod.POST, base + "delete", Change.class, (r, caller) -> {
            manager.delete(required(r.name()), actor(r.actor(), caller));
            return Map.of();
        });
    }

    private static String required(String name) {
        if (name == null || name.isBlank()) {
            throw CapstanException.invalid("'name' is required");
        }
        return name;
    }

    private static String actor(String given, Caller caller) {
        return given != null && !given.isBlank() ? given : caller.name();
    }

    /** A deployment as the API shows it. */
    static Map<String, Object> view(Deployment d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", d.name());
        view.put("strategy", d.spec().strategy().wireName());
        view.put("status", d.status().name());
        view.put("weight", d.weight());
        view.put("step", d.step());
        view.put("primary_version", d.primaryVersion());
        view.put("candidate_version", d.candidateVersion());
        view.put("message", d.message());
        view.put("created_at", d.createdAt());
        view.put("updated_at", d.updatedAt());
        view.put("spec", d.spec().toMap());
        return view;
    }

    private Map<String, Object> detail(Deployment d) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("deployment", view(d));
        detail.put("serving", serving(d.name()));
        Map<String, Object> ab = manager.abView(d);
        if (ab != null) {
            detail.put("ab", ab);
        }
        List<Map<String, Object>> events = manager.events(d.name()).stream().map(DeploymentRoutes::event).toList();
        detail.put("events", events);
        return detail;
    }

    private List<Map<String, Object>> serving(String name) {
        ModelEndpoint.Traffic t = manager.endpoint(name).traffic();
        return t.primary() == null ? List.of() : manager.endpoint(name).variants().stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("variant", v.name());
            m.put("version", v.model().version());
            m.put("uri", v.uri());
            m.put("in_flight", v.model().inFlight());
            return m;
        }).toList();
    }

    private static Map<String, Object> event(DeploymentEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("time", e.time());
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("status", e.status().name());
        m.put("weight", e.weight());
        m.put("reason", e.reason());
        return m;
    }
}
