package dev.capstan.server.serving;

import dev.capstan.CapstanException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A served model name ({@code /v2/models/{name}}, {@code /invocations} of a one-model server) and the versions behind
 * it: one or more variants, each a loaded version with a traffic weight. Swapping a variant's version is atomic:
 * a request sees the old version or the new one, never neither. Thread-safe.
 */
public final class ModelEndpoint {

    /**
     * A share of the endpoint's traffic.
     *
     * @param name   the variant's name ({@code primary}, {@code candidate}, ...), a metrics label
     * @param uri    the model URI it follows
     * @param model  the loaded version
     * @param weight its share of requests, 0–100
     */
    public record Variant(String name, String uri, ServedModel model, int weight) {
    }

    private final String name;
    private final AtomicReference<List<Variant>> variants;

    ModelEndpoint(String name, List<Variant> variants) {
        this.name = name;
        this.variants = new AtomicReference<>(List.copyOf(variants));
    }

    public String name() {
        return name;
    }

    public List<Variant> variants() {
        return variants.get();
    }

    /** A variant drawn by weight; the first one when every weight is 0. */
    public Variant choose() {
        List<Variant> all = variants.get();
        int total = all.stream().mapToInt(Variant::weight).sum();
        if (all.size() == 1 || total == 0) {
            return all.get(0);
        }
        int draw = ThreadLocalRandom.current().nextInt(total);
        for (Variant v : all) {
            draw -= v.weight();
            if (draw < 0) {
                return v;
            }
        }
        return all.get(all.size() - 1);
    }

    /** The variant serving {@code version}, or 404 naming the versions served. */
    public Variant version(String version) {
        for (Variant v : variants.get()) {
            if (v.model().version().equals(version)) {
                return v;
            }
        }
        throw CapstanException.notFound("Model '%s' has no version %s loaded; loaded versions: %s", name, version,
                variants.get().stream().map(v -> v.model().version()).toList());
    }

    /** Puts {@code model} in place of the variant's current version and retires that one; returns it. */
    ServedModel swap(String variant, ServedModel model) {
        while (true) {
            List<Variant> current = variants.get();
            List<Variant> next = new ArrayList<>();
            ServedModel old = null;
            for (Variant v : current) {
                if (v.name().equals(variant)) {
                    old = v.model();
                    next.add(new Variant(v.name(), v.uri(), model, v.weight()));
                } else {
                    next.add(v);
                }
            }
            if (old == null) {
                throw CapstanException.notFound("Model '%s' has no variant '%s'", name, variant);
            }
            if (variants.compareAndSet(current, List.copyOf(next))) {
                old.retire();
                return old;
            }
        }
    }

    /** Retires every version. */
    void close() {
        variants.get().forEach(v -> v.model().retire());
    }
}
