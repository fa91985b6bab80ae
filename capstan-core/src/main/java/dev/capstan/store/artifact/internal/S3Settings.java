package dev.capstan.store.artifact.internal;

import dev.capstan.CapstanException;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach S3, read from the environment variables MLflow and the AWS tools use: an endpoint for S3-compatible
 * servers ({@code MLFLOW_S3_ENDPOINT_URL}, else {@code AWS_ENDPOINT_URL}), addressed path-style as such servers
 * expect, and a region ({@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else {@code us-east-1}). Credentials
 * come from the default AWS chain.
 *
 * @param endpoint  the endpoint override; {@code null} for AWS itself
 * @param region    the signing region
 * @param pathStyle whether buckets go in the path ({@code host/bucket/key}) rather than the host name
 */
public record S3Settings(URI endpoint, Region region, boolean pathStyle) {

    public static final String DEFAULT_REGION = "us-east-1";

    public static S3Settings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static S3Settings fromEnvironment(Map<String, String> env) {
        Optional<URI> endpoint = firstSet(env, "MLFLOW_S3_ENDPOINT_URL", "AWS_ENDPOINT_URL").map(S3Settings::endpoint);
        String region = firstSet(env, "AWS_REGION", "AWS_DEFAULT_REGION").orElse(DEFAULT_REGION);
        return new S3Settings(endpoint.orElse(null), Region.of(region), endpoint.isPresent());
    }

    /** A new client; the caller closes it. */
    public S3Client newClient() {
        var builder = S3Client.builder()
                .region(region)
                .forcePathStyle(pathStyle)
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        return endpoint == null ? builder.build() : builder.endpointOverride(endpoint).build();
    }

    private static Optional<String> firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }

    private static URI endpoint(String value) {
        try {
            URI uri = new URI(value);
            if ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw CapstanException.invalid("Invalid S3 endpoint '%s': expected http(s)://host[:port]", value);
    }
}
