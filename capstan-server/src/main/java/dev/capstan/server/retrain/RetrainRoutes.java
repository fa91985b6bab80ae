package dev.capstan.server.retrain;

import dev.capstan.CapstanException;
import dev.capstan.retrain.RetrainPolicy;
import dev.capstan.server.internal.Endpoints;
import io.vertx.ext.web.Router;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The retraining API under {@code /api/2.0/capstan/retrain/}: {@code policy/set} (a model's {@code retrain.yaml}
 * text, checked before it is stored), {@code policy/get}, and {@code check} (the triggers' verdicts and the plan,
 * changing nothing).
 */
public final class RetrainRoutes {

    record SetPolicy(String name, String policy) {
    }

    record Named(String name) {
    }

    record Check(String name, String servedAs, Boolean manual) {
    }

    private final Retraining retraining;

    public RetrainRoutes(Retraining retraining) {
        this.retraining = retraining;
    }

    public void mount(Router router, String prefix) {
        Endpoints api = new Endpoints(router);
        String base = prefix + "retrain/";
        api.post(base + "policy/set", SetPolicy.class, r -> {
            if (r.policy() == null || r.policy().isBlank()) {
                throw CapstanException.invalid("'policy' is required: the text of a retrain.yaml");
            }
            RetrainPolicy policy = retraining.setPolicy(required(r.name()), r.policy());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", r.name());
            body.put("automatic", policy.automatic());
            return body;
        });
        api.get(base + "policy/get", Named.class, r -> Map.of("name", r.name() == null ? "" : r.name(),
                "policy", retraining.policyText(required(r.name()))));
        api.post(base + "check", Check.class, r -> retraining.check(required(r.name()), r.servedAs(),
                Boolean.TRUE.equals(r.manual()), Instant.now()));
    }

    private static String required(String name) {
        if (name == null || name.isBlank()) {
            throw CapstanException.invalid("'name' is required: the registered model's name");
        }
        return name;
    }
}
