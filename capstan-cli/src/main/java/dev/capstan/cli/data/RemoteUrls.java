package dev.capstan.cli.data;

import java.nio.file.Path;

/** How {@code capstan remote} stores a remote's URL, as DVC does. */
final class RemoteUrls {

    private RemoteUrls() {
    }

    /**
     * A URL with a scheme ({@code s3://...}) or an absolute path as given; a relative path, given from
     * {@code workingDir}, rewritten relative to {@code .dvc/} (where DVC resolves it), with forward slashes.
     */
    static String forConfig(String url, Path workingDir, Path dvcDir) {
        if (url.matches("^\\w+://.*") || Path.of(url).isAbsolute() || url.startsWith("~")) {
            return url;
        }
        Path target = workingDir.toAbsolutePath().resolve(url).normalize();
        return dvcDir.toAbsolutePath().normalize().relativize(target).toString().replace('\\', '/');
    }
}
