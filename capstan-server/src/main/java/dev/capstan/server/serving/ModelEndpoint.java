package dev.capstan.server.serving;

import dev.capstan.CapstanException;
import dev.capstan.server.serving.internal.PredictionLedger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A served model name ({@code /v2/models/{name}}) and the versions behind it: a primary, optionally a candidate with
 * a traffic share, and a standby kept warm for an instant rollback. {@link #route} picks the version of a request;
 * changing the traffic is atomic (a request sees the old split or the new one) and versions no longer used are
 * closed after their last request. Thread-safe.
 */
public final class ModelEndpoint {

    /** How the candidate's share is applied. */
    public enum Mode {
        /** Each request goes to the candidate with probability weight / 100. */
        SPLIT,
        /** A request key hashes to a bucket 0–99; buckets below the weight go to the candidate, always the same. */
        STICKY,
        /** Clients always get the primary; weight % of requests are mirrored to the candidate and compared. */
        SHADOW
    }

    /**
     * One version in service.
     *
     * @param name  {@code primary}, {@code candidate} or {@code standby}: a metrics label
     * @param uri   the model URI it was loaded from
     * @param model the loaded version
     */
    public record Variant(String name, String uri, ServedModel model) {
    }

    /**
     * The endpoint's traffic: who serves, and how requests are split.
     *
     * @param candidate the candidate, or null
     * @param weight    the candidate's share, 0–100 (the mirrored share in {@link Mode#SHADOW})
     * @param stickyKey for {@link Mode#STICKY}: {@code header:NAME} or {@code field:NAME}
     * @param compare   whether requests the candidate serves are also predicted by the primary, for divergence
     * @param standby   a former primary kept loaded for an instant rollback, or null
     */
    public record Traffic(Variant primary, Variant candidate, int weight, Mode mode, String stickyKey,
                          boolean compare, Variant standby) {

        public Traffic {
            if (weight < 0 || weight > 100) {
                throw CapstanException.invalid("weight: expected 0 to 100, found %d", weight);
            }
        }

        /** Only {@code primary}, taking every request. */
        public static Traffic only(Variant primary) {
            return new Traffic(primary, null, 0, Mode.SPLIT, null, false, null);
        }

        /**
         * The percentage of client requests {@code variant} answers: the primary what the candidate does not take, the
         * candidate its weight (none in shadow mode, where it only sees copies), a standby none.
         */
        public int share(Variant variant) {
            if (variant == primary) {
                return candidate == null || mode == Mode.SHADOW ? 100 : 100 - weight;
            }
            return variant == candidate && mode != Mode.SHADOW ? weight : 0;
        }

        /** The loaded versions of this traffic. */
        List<Variant> variants() {
            List<Variant> all = new ArrayList<>();
            all.add(primary);
            if (candidate != null) {
                all.add(candidate);
            }
            if (standby != null) {
                all.add(standby);
            }
            return all;
        }
    }

    private final String name;
    private final AtomicReference<Traffic> traffic;
    private final PredictionLedger ledger = new PredictionLedger(100_000);

    ModelEndpoint(String name, Traffic traffic) {
        this.name = name;
        this.traffic = new AtomicReference<>(traffic);
    }

    public String name() {
        return name;
    }

    public Traffic traffic() {
        return traffic.get();
    }

    /** What the endpoint answered to its recent requests, kept while it splits traffic by a sticky key (A/B). */
    public PredictionLedger ledger() {
        return ledger;
    }

    /** The primary, the candidate and the standby, as loaded. */
    public List<Variant> variants() {
        return traffic.get().variants();
    }

    /**
     * The variant that answers a request: by weight, or by {@code key}'s bucket when sticky (a request without a
     * key goes to the primary, so that it is never split at random).
     */
    public Variant route(String key) {
        Traffic t = traffic.get();
        if (t.candidate() == null || t.mode() == Mode.SHADOW || t.weight() == 0) {
            return t.primary();
        }
        if (t.mode() == Mode.STICKY) {
            return key != null && bucket(key) < t.weight() ? t.candidate() : t.primary();
        }
        return ThreadLocalRandom.current().nextInt(100) < t.weight() ? t.candidate() : t.primary();
    }

    /** Whether a request answered by {@code served} should also go to the other version, to compare them. */
    public Variant comparedWith(Variant served) {
        Traffic t = traffic.get();
        if (t.candidate() == null) {
            return null;
        }
        if (t.mode() == Mode.SHADOW) {
            return served == t.primary() && ThreadLocalRandom.current().nextInt(100) < t.weight() ? t.candidate()
                    : null;
        }
        return t.compare() && served == t.candidate() ? t.primary() : null;
    }

    /**
     * A key's bucket, 0–99: the top bits of a 64-bit FNV-1a hash, so that a key keeps its variant while the weight
     * stays above (or below) its bucket, and raising the weight only moves keys to the candidate.
     */
    public static int bucket(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, 100);
    }

    /** The variant serving {@code version}, or 404 naming the versions served. */
    public Variant version(String version) {
        for (Variant v : variants()) {
            if (v.model().version().equals(version)) {
                return v;
            }
        }
        throw CapstanException.notFound("Model '%s' has no version %s loaded; loaded versions: %s", name, version,
                variants().stream().map(v -> v.model().version()).toList());
    }

    /** Puts {@code next} in place, then retires the versions it no longer holds. */
    public void setTraffic(Traffic next) {
        Traffic old = traffic.getAndSet(next);
        List<ServedModel> kept = next.variants().stream().map(Variant::model).toList();
        old.variants().stream().map(Variant::model).filter(m -> !kept.contains(m)).forEach(ServedModel::retire);
    }

    /** Puts {@code model} in place of the named variant's version (a moved alias); returns the old variant. */
    Variant swap(Variant variant, ServedModel model) {
        while (true) {
            Traffic t = traffic.get();
            Variant next = new Variant(variant.name(), variant.uri(), model);
            Traffic replaced = new Traffic(t.primary() == variant ? next : t.primary(),
                    t.candidate() == variant ? next : t.candidate(), t.weight(), t.mode(), t.stickyKey(),
                    t.compare(), t.standby() == variant ? next : t.standby());
            if (replaced.equals(t)) {
                model.retire();
                return variant;
            }
            if (traffic.compareAndSet(t, replaced)) {
                variant.model().retire();
                return variant;
            }
        }
    }

    /** Retires every version. */
    void close() {
        variants().forEach(v -> v.model().retire());
    }
}
