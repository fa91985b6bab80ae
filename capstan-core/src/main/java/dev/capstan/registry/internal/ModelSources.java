package dev.capstan.registry.internal;

import dev.capstan.CapstanException;
import dev.capstan.store.artifact.ArtifactPaths;
import org.jdbi.v3.core.Handle;

import java.net.URI;
import java.util.Optional;

/**
 * Decides whether a model version's {@code source} lies inside the artifact store, the one check behind the
 * registry's answer to MLflow CVE-2023-1177, -2780, -2356, -6977 and CVE-2024-1483: a source is a
 * {@code runs:/<run_id>/<path>} URI of an existing run, a proxied {@code mlflow-artifacts:} URI, or a location
 * inside the artifact directory of the run named by {@code run_id}. Paths pass {@link ArtifactPaths} first.
 */
final class ModelSources {

    private ModelSources() {
    }

    /** The normalised source, or INVALID_PARAMETER_VALUE naming the source and what was expected. */
    static String validate(Handle h, String source, String runId) {
        try {
            return checked(h, source, runId);
        } catch (CapstanException e) {
            throw e.getMessage().startsWith("Invalid model version source") || e.getMessage().startsWith("Missing")
                    ? e : CapstanException.invalid("Invalid model version source '%s': %s", source, e.getMessage());
        }
    }

    private static String checked(Handle h, String source, String runId) {
        if (source == null || source.isBlank()) {
            throw CapstanException.invalid("Missing value for required parameter 'source'");
        }
        if (source.startsWith("runs:/")) {
            RunsUri runs = RunsUri.parse(source);
            runArtifactUri(h, runs.runId()).orElseThrow(() -> CapstanException.invalid(
                    "Invalid model version source '%s': run %s does not exist", source, runs.runId()));
            return runs.toString();
        }
        URI location = ArtifactPaths.validateLocation(source);
        if ("mlflow-artifacts".equals(location.getScheme())) {
            requireNonEmpty(source, ArtifactPaths.validateRelative(location.getPath().replaceFirst("^/+", "")));
            return location.toString();
        }
        String runRoot = runId == null ? null : runArtifactUri(h, runId).orElse(null);
        if (runRoot != null && isInside(location.toString(), ArtifactPaths.validateLocation(runRoot).toString())) {
            return location.toString();
        }
        throw CapstanException.invalid("Invalid model version source '%s': expected runs:/<run_id>/<path>, an "
                + "mlflow-artifacts:/ URI, or a location inside the artifact directory of the run given as run_id", source);
    }

    /** Where a client downloads the files of a validated source. */
    static String downloadUri(Handle h, String source) {
        if (!source.startsWith("runs:/")) {
            return source;
        }
        RunsUri runs = RunsUri.parse(source);
        String root = runArtifactUri(h, runs.runId()).orElseThrow(() ->
                CapstanException.notFound("Run %s of source %s no longer exists", runs.runId(), source));
        return runs.path().isEmpty() ? root : root + "/" + runs.path();
    }

    private static Optional<String> runArtifactUri(Handle h, String runId) {
        return h.createQuery("SELECT artifact_uri FROM runs WHERE run_uuid = :id").bind("id", runId)
                .mapTo(String.class).findOne();
    }

    private static boolean isInside(String location, String root) {
        String base = root.replaceAll("/+$", "");
        return location.equals(base) || location.startsWith(base + "/");
    }

    private static void requireNonEmpty(String source, String path) {
        if (path.isEmpty()) {
            throw CapstanException.invalid("Invalid model version source '%s': it names the root of the artifact store",
                    source);
        }
    }

    /** A {@code runs:/<run_id>/<path>} URI with a validated path. */
    record RunsUri(String runId, String path) {

        static RunsUri parse(String uri) {
            String rest = uri.substring("runs:/".length());
            int slash = rest.indexOf('/');
            String runId = slash < 0 ? rest : rest.substring(0, slash);
            if (!runId.matches("[a-zA-Z0-9][\\w\\-]{0,255}")) {
                throw CapstanException.invalid("Invalid model version source '%s': expected runs:/<run_id>/<path>", uri);
            }
            return new RunsUri(runId, ArtifactPaths.validateRelative(slash < 0 ? "" : rest.substring(slash + 1)));
        }

        @Override
        public String toString() {
            return "runs:/" + runId + (path.isEmpty() ? "" : "/" + path);
        }
    }
}
