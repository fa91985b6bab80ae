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
 * text, checked before it is stored), {@code policy/get}, {@code check} (the triggers' verdicts and the plan,
 * changing nothing), {@code status} (production, the policy's limits, the latest retraining, when the next may
 * start), {@code run} (retrain now if the cooldown and frequency allow; by hand unless {@code manual}
 * is false, when the triggers decide) and {@code history} (the audit trail, newest first).
 */
public final class RetrainRoutes {

    record SetPolicy(String name, String policy, String project) {
    }

    record Named(String name) {
    }

    record Check(String name, Boolean manual) {
    }

    record History(String name, Integer maxResults) {
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
            RetrainPolicy policy = retraining.setPolicy(required(r.name()), r.policy(), r.project());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", r.name());
            body.put("automatic", policy.automatic());
            return body;
        });
        api.get(base + "policy/get", Named.class, r -> Map.of("name", r.name() == null ? "" : r.name(),
                "policy", retraining.policyText(required(r.name()))));
        api.post(base + "check", Check.class, r -> retraining.check(required(r.name()),
                Boolean.TRUE.equals(r.manual()), Instant.now()));
        api.post(base + "run", Check.class, r -> retraining.run(required(r.name()), !Boolean.FALSE.equals(r.manual()),
                Instant.now()));
        api.get(base + "status", Named.class, r -> retraining.status(required(r.name()), Instant.now()));
        api.get(base + "history", History.class, r -> Map.of("retrainings", retraining.history(required(r.name()),
                r.maxResults() == null ? 20 : r.maxResults())));
    }

    private static String required(String name) {
        if (name == null || name.isBlank()) {
            throw CapstanException.invalid("'name' is required: the registered model's name");
        }
        return name;
    }
}
