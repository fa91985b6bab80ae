package dev.capstan.store.artifact;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ArtifactPathsTest {

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''                      | ''
            a.txt                   | a.txt
            a/b/c.txt               | a/b/c.txt
            a//b///c                | a/b/c
            a/./b                   | a/b
            ./a                     | a
            .                       | ''
            ./.                     | ''
            a/                      | a
            a/b/                    | a/b
            ...                     | ...
            a..b                    | a..b
            ..a                     | ..a
            a../b                   | a../b
            .hidden/x               | .hidden/x
            a/.capstan              | a/.capstan
            model v1/weights.bin    | model v1/weights.bin
            données/été.csv         | données/été.csv
            emoji-😀.txt            | emoji-😀.txt
            a%20b.txt               | a%20b.txt
            100%                    | 100%
            50%done                 | 50%done
            %41bc                   | %41bc
            caf%C3%A9               | caf%C3%A9
            a/b:c                   | a/b:c
            a/C:/d                  | a/C:/d
            """)
    void acceptsAndNormalisesSafePaths(String path, String expected) {
        assertThat(ArtifactPaths.validateRelative(path)).isEqualTo(expected);
    }

    @Test
    void nullIsTheRoot() {
        assertThat(ArtifactPaths.validateRelative(null)).isEmpty();
    }

    static Stream<Arguments> unsafePaths() {
        return Stream.of(
                // parent segments (CVE-2023-1177, CVE-2023-2780)
                arguments("..", "'..' segment"),
                arguments("../etc/passwd", "'..' segment"),
                arguments("a/../../b", "'..' segment"),
                arguments("a/..", "'..' segment"),
                arguments("a/b/../c", "'..' segment"),
                arguments("a/../", "'..' segment"),
                // absolute paths, drive letters, URI schemes
                arguments("/etc/passwd", "absolute"),
                arguments("//etc/passwd", "absolute"),
                arguments("/", "absolute"),
                arguments("C:/Windows/win.ini", "drive letter"),
                arguments("c:", "drive letter"),
                arguments("C:foo", "drive letter"),
                arguments("file:/etc/passwd", "URI scheme"),
                arguments("file:///etc/passwd", "URI scheme"),
                arguments("s3://bucket/key", "URI scheme"),
                // backslashes (Windows separators, UNC)
                arguments("..\\..\\etc\\passwd", "'\\'"),
                arguments("a\\b", "'\\'"),
                arguments("\\\\server\\share", "'\\'"),
                arguments("c:\\Windows", "'\\'"),
                // fragment, path parameter, query (CVE-2023-6909, CVE-2024-1594)
                arguments("a#b", "'#'"),
                arguments("#/../../etc", "'#'"),
                arguments("a;b", "';'"),
                arguments("..;/etc", "';'"),
                arguments("a?b", "'?'"),
                arguments("?x=../../etc", "'?'"),
                // control characters
                arguments("a\u0000b", "U+0000"),
                arguments("a\nb", "U+000A"),
                arguments("a\rb", "U+000D"),
                arguments("a\tb", "U+0009"),
                arguments("a\u007fb", "U+007F"),
                arguments("a\u0085b", "U+0085"),
                arguments("a\ud800b", "surrogate"),
                // percent-encoded, once (CVE-2023-6831)
                arguments("%2e%2e/etc/passwd", "percent-encoding (%2E)"),
                arguments("%2E%2E/etc/passwd", "percent-encoding (%2E)"),
                arguments("%2e%2E%2fetc", "percent-encoding (%2E)"),
                arguments("a/%2e/b", "percent-encoding (%2E)"),
                arguments("..%2fetc%2fpasswd", "percent-encoding (%2F)"),
                arguments("a%2fb", "percent-encoding (%2F)"),
                arguments("a%2Fb", "percent-encoding (%2F)"),
                arguments("%2fetc/passwd", "percent-encoding (%2F)"),
                arguments("%5c..%5cetc", "percent-encoding (%5C)"),
                arguments("a%5Cb", "percent-encoding (%5C)"),
                arguments("a%00b", "percent-encoding (%00)"),
                arguments("a%0ab", "percent-encoding (%0A)"),
                arguments("a%23b", "percent-encoding (%23)"),
                arguments("a%3bb", "percent-encoding (%3B)"),
                arguments("a%3B/b", "percent-encoding (%3B)"),
                arguments("a%3fb", "percent-encoding (%3F)"),
                // percent-encoded twice and three times
                arguments("%252e%252e/etc/passwd", "percent-encoding (%2E)"),
                arguments("%252E%252e%252Fetc", "percent-encoding (%2E)"),
                arguments("a%252fb", "percent-encoding (%2F)"),
                arguments("%25252e%25252e/etc", "percent-encoding (%2E)"),
                arguments("a%25255cb", "percent-encoding (%5C)"),
                arguments("a%2500b", "percent-encoding (%00)"),
                arguments("a%2523b", "percent-encoding (%23)"),
                arguments("a%253Bb", "percent-encoding (%3B)"),
                arguments("%25%32%65%25%32%65/etc", "percent-encoding (%2E)"),
                // encodings that are not UTF-8 (overlong '.' and '/'), or never settle
                arguments("%c0%ae%c0%ae/etc", "malformed"),
                arguments("%c0%af", "malformed"),
                arguments("a%ffb", "malformed"),
                arguments("%" + "25".repeat(11) + "41", "nested more than 10"),
                // Unicode look-alikes that compatibility normalisation turns into separators
                arguments("\uff0e\uff0e/etc/passwd", "'..' segment"),
                arguments("a\uff0f..\uff0fb", "'..' segment"),
                arguments("a\ufe5fb", "'#'"),
                // names reserved for uploads in progress
                arguments(".capstan-tmp-123", "reserved"),
                arguments("a/.capstan-tmp-x/b", "reserved"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unsafePaths")
    void rejectsUnsafePaths(String path, String reason) {
        assertThatThrownBy(() -> ArtifactPaths.validateRelative(path))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("Invalid artifact path '" + ArtifactPaths.printable(path) + "'")
                .hasMessageContaining(reason);
    }

    @Test
    void messagesShowControlCharactersEscaped() {
        assertThatThrownBy(() -> ArtifactPaths.validateRelative("evil\nINFO forged log line"))
                .hasMessageStartingWith("Invalid artifact path 'evil\\u000AINFO forged log line'")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
            file:///tmp/mlruns                        | file:///tmp/mlruns
            file:/tmp/mlruns                          | file:///tmp/mlruns
            file://localhost/tmp/x                    | file:///tmp/x
            FILE:///tmp/x/                            | file:///tmp/x
            file:///tmp//a/./b/                       | file:///tmp/a/b
            file:///tmp/my%20runs                     | file:///tmp/my%20runs
            file:///C:/mlruns                         | file:///C:/mlruns
            file:///                                  | file:///
            /tmp/mlruns                               | file:///tmp/mlruns
            /tmp//a/./b/                              | file:///tmp/a/b
            /tmp/my runs                              | file:///tmp/my%20runs
            s3://bucket                               | s3://bucket
            s3://bucket/                              | s3://bucket
            s3://bucket/prefix/1                      | s3://bucket/prefix/1
            S3://my-bucket/a//b/                      | s3://my-bucket/a/b
            s3://my.bucket/a%20b                      | s3://my.bucket/a%20b
            mlflow-artifacts:/0/abc/artifacts         | mlflow-artifacts:/0/abc/artifacts
            mlflow-artifacts://host:5000/0/abc        | mlflow-artifacts://host:5000/0/abc
            mlflow-artifacts:/                        | mlflow-artifacts:/
            """)
    void acceptsAndNormalisesLocations(String location, String expected) {
        assertThat(ArtifactPaths.validateLocation(location)).hasToString(expected);
    }

    static Stream<Arguments> unsafeLocations() {
        return Stream.of(
                arguments("", "empty"),
                arguments("   ", "empty"),
                arguments(null, "empty"),
                arguments("relative/path", "absolute path or a URI"),
                arguments("./mlruns", "absolute path or a URI"),
                arguments("C:\\mlruns", "absolute path or a URI"),
                arguments("http://example.com/x", "unsupported scheme"),
                arguments("https://example.com/x", "unsupported scheme"),
                arguments("hdfs://namenode/x", "unsupported scheme"),
                arguments("gs://bucket/x", "unsupported scheme"),
                arguments("runs:/abc/model", "unsupported scheme"),
                arguments("file:relative", "hierarchical"),
                arguments("s3:bucket", "hierarchical"),
                arguments("s3:///no-bucket", "s3://bucket"),
                arguments("file://remote-host/share", "remote host"),
                arguments("s3://key:secret@bucket/x", "user info"),
                arguments("file:///tmp/../etc", "'..' segment"),
                arguments("file:///tmp/..", "'..' segment"),
                arguments("/tmp/../etc", "'..' segment"),
                arguments("s3://bucket/a/../../b", "'..' segment"),
                arguments("mlflow-artifacts:/0/../../etc", "'..' segment"),
                arguments("file:///tmp/%2e%2e/etc", "percent-encoding (%2E)"),
                arguments("file:///tmp/%252e%252e/etc", "percent-encoding (%2E)"),
                arguments("s3://bucket/a%2f..%2fb", "percent-encoding (%2F)"),
                arguments("s3://bucket/a%5cb", "percent-encoding (%5C)"),
                arguments("file:///tmp/x#/../../etc", "'#'"),
                arguments("file:///tmp/x?y=1", "'?'"),
                arguments("s3://bucket/x;y", "';'"),
                arguments("file:///tmp/x%23", "percent-encoding (%23)"),
                arguments("file:///tmp/x%3F", "percent-encoding (%3F)"),
                arguments("file:///tmp/x%253B", "percent-encoding (%3B)"),
                arguments("file:///tmp/a%00", "percent-encoding (%00)"),
                arguments("file:///tmp/\u0000", "U+0000"),
                arguments("/tmp/a\\b", "'\\'"),
                arguments("file:///tmp/%c0%ae%c0%ae", "malformed"),
                arguments("file:///tmp/ x", "not a valid URI"),
                arguments("s3://bucket/.capstan-tmp-1", "reserved"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unsafeLocations")
    void rejectsUnsafeLocations(String location, String reason) {
        assertThatThrownBy(() -> ArtifactPaths.validateLocation(location))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageStartingWith("Invalid artifact location")
                .hasMessageContaining(reason);
    }

    @Test
    void locationMessagesNameTheLocationAndTheSupportedSchemes() {
        assertThatThrownBy(() -> ArtifactPaths.validateLocation("hdfs://namenode/x"))
                .hasMessage("Invalid artifact location 'hdfs://namenode/x': unsupported scheme 'hdfs'; "
                        + "supported are file, s3 or mlflow-artifacts");
    }
}
