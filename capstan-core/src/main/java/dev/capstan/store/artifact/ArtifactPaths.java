package dev.capstan.store.artifact;

import dev.capstan.CapstanException;
import dev.capstan.store.artifact.internal.PercentDecoding;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place where artifact paths and artifact locations are checked. Every artifact request and every
 * experiment {@code artifact_location} passes through here before it reaches a store, so that the path-traversal
 * classes behind MLflow's CVE-2023-1177, CVE-2023-2780, CVE-2023-6831, CVE-2023-6909 and CVE-2024-1594 are refused in
 * one place: {@code ..} segments, absolute paths and drive letters, backslashes, {@code #}, {@code ;} and {@code ?},
 * control characters, and any of these hidden behind one or more rounds of percent-encoding.
 *
 * <p>Accepted paths are returned as given, only normalised: duplicate slashes collapsed, {@code .} segments and a
 * trailing slash dropped. Percent-escapes that stand for harmless characters ({@code %20}) are kept literally; the
 * stores never decode paths.
 */
public final class ArtifactPaths {

    /** Name prefix of in-flight uploads: listings hide it and callers may not name it. */
    public static final String TEMP_PREFIX = ".capstan-tmp-";

    /** Schemes an experiment's artifact location may use. */
    public static final Set<String> LOCATION_SCHEMES = Set.of("file", "s3", "mlflow-artifacts");

    private static final String FORBIDDEN = "\\#;?";
    private static final String FORBIDDEN_ESCAPED = FORBIDDEN + "./";
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]+:");
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:");

    private ArtifactPaths() {
    }

    /**
     * Checks a path relative to an artifact root and returns it normalised; {@code ""} (or {@code null}) is the root
     * itself.
     *
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE}, naming the path and the reason
     */
    public static String validateRelative(String path) {
        if (path == null) {
            return "";
        }
        problem(path, false).ifPresent(reason -> {
            throw CapstanException.invalid("Invalid artifact path '%s': %s", printable(path), reason);
        });
        return String.join("/", segments(path));
    }

    /**
     * Checks an experiment's artifact location and returns it normalised. Accepted: {@code file:}, {@code s3://bucket}
     * and {@code mlflow-artifacts:} URIs, and absolute local paths (returned as {@code file://} URIs). The URI's path
     * passes the same checks as {@link #validateRelative}; a query, fragment, user info or {@code ;} is refused.
     *
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE}, naming the location and the reason
     */
    public static URI validateLocation(String location) {
        if (location == null || location.isBlank()) {
            throw CapstanException.invalid("Invalid artifact location: it is empty; expected a URI with scheme %s",
                    schemes());
        }
        Optional<String> reason = locationProblem(location);
        if (reason.isPresent()) {
            throw CapstanException.invalid("Invalid artifact location '%s': %s", printable(location), reason.get());
        }
        return normalisedLocation(location);
    }

    private static Optional<String> locationProblem(String location) {
        if (!SCHEME.matcher(location).find()) {
            return location.startsWith("/")
                    ? problem(location.substring(1), false)
                    : Optional.of("expected an absolute path or a URI with scheme " + schemes());
        }
        Optional<String> chars = firstPresent(charProblem(location), escapeProblem(location, FORBIDDEN));
        if (chars.isPresent()) {
            return chars;
        }
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return Optional.of("not a valid URI (" + e.getReason() + ")");
        }
        return uriProblem(uri);
    }

    private static Optional<String> uriProblem(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!LOCATION_SCHEMES.contains(scheme)) {
            return Optional.of("unsupported scheme '" + uri.getScheme() + "'; supported are " + schemes());
        }
        if (uri.isOpaque() || uri.getRawPath() == null) {
            return Optional.of("expected a hierarchical URI like " + scheme + ":///path");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("user info (credentials) is not allowed in an artifact location");
        }
        if (scheme.equals("s3") && (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty())) {
            return Optional.of("expected s3://bucket/prefix");
        }
        if (scheme.equals("file") && !isLocalAuthority(uri.getRawAuthority())) {
            return Optional.of("a file URI must not name a remote host");
        }
        String path = uri.getRawPath();
        if (!path.isEmpty() && !path.startsWith("/")) {
            return Optional.of("expected an absolute path in the URI");
        }
        return problem(path.isEmpty() ? "" : path.substring(1), scheme.equals("file"));
    }

    private static boolean isLocalAuthority(String authority) {
        return authority == null || authority.isEmpty() || authority.equalsIgnoreCase("localhost");
    }

    private static URI normalisedLocation(String location) {
        try {
            if (!SCHEME.matcher(location).find()) {
                return new URI("file", "", "/" + String.join("/", segments(location)), null, null);
            }
            URI uri = new URI(location);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String path = String.join("/", segments(uri.getPath()));
            String authority = scheme.equals("file") ? "" : uri.getAuthority();
            return new URI(scheme, authority, path.isEmpty() && scheme.equals("s3") ? "" : "/" + path, null, null);
        } catch (URISyntaxException e) {
            throw CapstanException.invalid("Invalid artifact location '%s': %s", printable(location), e.getReason());
        }
    }

    /** Why a path (relative, still percent-encoded as received) is unsafe, if it is. */
    private static Optional<String> problem(String path, boolean driveAllowed) {
        Optional<List<String>> rounds = PercentDecoding.rounds(path);
        if (rounds.isEmpty()) {
            return Optional.of("its percent-encoding is malformed or nested more than "
                    + PercentDecoding.MAX_ROUNDS + " times");
        }
        for (String round : rounds.get()) {
            Optional<String> reason = roundProblem(round, driveAllowed);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> roundProblem(String round, boolean driveAllowed) {
        String compatible = Normalizer.normalize(round, Normalizer.Form.NFKC);
        return firstPresent(
                charProblem(round),
                escapeProblem(round, FORBIDDEN_ESCAPED),
                structureProblem(round, driveAllowed),
                structureProblem(compatible, driveAllowed),
                charProblem(compatible));
    }

    private static Optional<String> charProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(String.format("it contains the control character U+%04X", (int) c));
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                return Optional.of("it contains '" + c + "', which is not allowed in artifact paths");
            }
            if (Character.isSurrogate(c) && !isPairedSurrogate(s, i)) {
                return Optional.of("it contains an unpaired UTF-16 surrogate");
            }
        }
        return Optional.empty();
    }

    private static boolean isPairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static Optional<String> escapeProblem(String s, String forbidden) {
        for (char c : PercentDecoding.escapedAscii(s)) {
            if (forbidden.indexOf(c) >= 0 || Character.isISOControl(c)) {
                return Optional.of(String.format("it hides '%s' behind percent-encoding (%%%02X)", printable(
                        String.valueOf(c)), (int) c));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> structureProblem(String s, boolean driveAllowed) {
        if (s.startsWith("/")) {
            return Optional.of("it is absolute; expected a path relative to the artifact root");
        }
        List<String> parts = List.of(s.split("/", -1));
        String first = parts.get(0);
        if (first.contains(":") && !(driveAllowed && DRIVE.matcher(first).matches())) {
            return Optional.of("it starts with a drive letter or URI scheme ('" + printable(first) + "')");
        }
        if (parts.contains("..")) {
            return Optional.of("it contains a '..' segment");
        }
        return parts.stream().anyMatch(p -> p.startsWith(TEMP_PREFIX))
                ? Optional.of("names starting with '" + TEMP_PREFIX + "' are reserved for uploads in progress")
                : Optional.empty();
    }

    @SafeVarargs
    private static Optional<String> firstPresent(Optional<String>... candidates) {
        for (Optional<String> candidate : candidates) {
            if (candidate.isPresent()) {
                return candidate;
            }
        }
        return Optional.empty();
    }

    private static List<String> segments(String path) {
        List<String> kept = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                kept.add(segment);
            }
        }
        return kept;
    }

    private static String schemes() {
        return "file, s3 or mlflow-artifacts";
    }

    /** The string with control characters shown as {@code \\uXXXX}, so that messages and logs stay one line. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
