package dev.capstan.data.remote;

import dev.capstan.CapstanException;
import dev.capstan.data.DvcConfig;
import dev.capstan.data.remote.internal.LocalDataRemote;
import dev.capstan.data.remote.internal.S3DataRemote;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens a repository's data remote by name, as configured with {@code capstan remote} / {@code dvc remote}: a local
 * directory (a path, relative paths being relative to {@code .dvc/}, or {@code file://}) or S3-compatible storage
 * ({@code s3://bucket/prefix} with the options {@code endpointurl}, {@code region}, {@code profile},
 * {@code access_key_id}, {@code secret_access_key}, {@code session_token}; without keys, the default AWS chain).
 */
public final class DataRemotes {

    private DataRemotes() {
    }

    /** The remote {@code name}, or the default remote ({@code core.remote}) when {@code name} is {@code null}. */
    public static DataRemote open(Path repoRoot, DvcConfig config, String name) {
        String remote = name != null ? name : config.get("core", "remote");
        if (remote == null) {
            throw CapstanException.invalid("No remote given and no default remote set: add one with "
                    + "`capstan remote add -d NAME URL`, or name one with -r NAME");
        }
        Map<String, String> options = config.section(DvcConfig.remoteSection(remote));
        String url = options.get("url");
        if (url == null) {
            throw CapstanException.notFound("remote '%s' doesn't exist: known remotes are %s", remote,
                    config.remoteNames());
        }
        if (url.startsWith("s3://")) {
            return new S3DataRemote(url, s3Client(options));
        }
        if (url.matches("^\\w+://.*") && !url.startsWith("file://")) {
            throw CapstanException.invalid("remote '%s' has URL %s: only local directories and s3:// remotes are "
                    + "supported", remote, url);
        }
        Path path = url.startsWith("file://") ? Path.of(URI.create(url)) : Path.of(url.replaceFirst("^~",
                System.getProperty("user.home")));
        return new LocalDataRemote(url, repoRoot.resolve(".dvc").resolve(path).normalize());
    }

    private static S3Client s3Client(Map<String, String> options) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(options.getOrDefault("region", System.getenv().getOrDefault("AWS_REGION",
                        "us-east-1"))))
                .credentialsProvider(credentials(options));
        String endpoint = options.get("endpointurl");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(Map<String, String> options) {
        String key = options.get("access_key_id");
        String secret = options.get("secret_access_key");
        if (key != null && secret != null) {
            String token = options.get("session_token");
            return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, token));
        }
        if (options.containsKey("profile")) {
            return ProfileCredentialsProvider.create(options.get("profile"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
