package dev.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxied artifact API and {@code artifacts/list}, including every path-traversal form behind MLflow's CVEs. */
class ArtifactApiTest {

    private static final String BASE = "/api/2.0/mlflow-artifacts/artifacts";

    @TempDir
    static Path dir;
    private static TestServer server;
    private static Path secret;

    @BeforeAll
    static void start() throws IOException {
        server = new TestServer(dir.resolve("server"), 1024 * 1024, 8L * 1024 * 1024);
        secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void uploadDownloadListAndDelete() throws Exception {
        assertThat(put(BASE + "/1/run1/artifacts/model/MLmodel", "flavors: {}\n").statusCode()).isEqualTo(200);
        assertThat(put(BASE + "/1/run1/artifacts/metrics.json", "{\"a\": 1}").statusCode()).isEqualTo(200);
        assertThat(put(BASE + "/1/run1/artifacts/my%20file.txt", "spaced").statusCode()).isEqualTo(200);

        HttpResponse<String> download = server.get(BASE + "/1/run1/artifacts/model/MLmodel");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("flavors: {}\n");
        assertThat(server.get(BASE + "/1/run1/artifacts/my%20file.txt").body()).isEqualTo("spaced");
        assertThat(Files.exists(server.artifacts.resolve("1/run1/artifacts/my file.txt"))).isTrue();

        JsonNode listing = Json.MAPPER.readTree(server.get(BASE + "?path=1/run1/artifacts").body());
        assertThat(listing.get("files").findValuesAsText("path")).containsExactly("metrics.json", "model", "my file.txt");
        assertThat(listing.at("/files/0/file_size").asLong()).isEqualTo(8);
        assertThat(listing.at("/files/1/is_dir").asBoolean()).isTrue();

        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.url() + BASE + "/1/run1/artifacts/metrics.json"))
                .DELETE()).statusCode()).isEqualTo(200);
        assertThat(server.get(BASE + "/1/run1/artifacts/metrics.json").statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(server.get(BASE + "/1/run1/artifacts/metrics.json").body())
                .get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void largeUploadsStreamAndRoundTripExactly() throws Exception {
        byte[] data = new byte[6 * 1024 * 1024];
        new Random(7).nextBytes(data);
        HttpResponse<String> up = server.send(HttpRequest.newBuilder(URI.create(server.url() + BASE + "/big/blob.bin"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        HttpResponse<byte[]> down = server.sendBytes(BASE + "/big/blob.bin");
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(sha256(down.body())).isEqualTo(sha256(data));
    }

    @Test
    void uploadsOverTheLimitAreRefusedAndLeaveNothing() {
        byte[] data = new byte[9 * 1024 * 1024];
        HttpResponse<String> up = server.send(HttpRequest.newBuilder(URI.create(server.url() + BASE + "/big/too-big.bin"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)));
        assertThat(up.statusCode()).isEqualTo(413);
        assertThat(Files.exists(server.artifacts.resolve("big/too-big.bin"))).isFalse();
    }

    @Test
    void runArtifactListingIsRelativeToTheRunRoot() throws Exception {
        String experimentId = Json.MAPPER.readTree(server.post("/api/2.0/mlflow/experiments/create",
                "{\"name\": \"artifacts\"}").body()).get("experiment_id").asText();
        JsonNode run = Json.MAPPER.readTree(server.post("/api/2.0/mlflow/runs/create",
                "{\"experiment_id\": \"" + experimentId + "\"}").body());
        String runId = run.at("/run/info/run_id").asText();
        String artifactUri = run.at("/run/info/artifact_uri").asText();
        assertThat(artifactUri).isEqualTo("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");
        String root = BASE + "/" + experimentId + "/" + runId + "/artifacts";
        put(root + "/model/model.json", "{}");
        put(root + "/model/MLmodel", "x");
        put(root + "/README.md", "hello");

        JsonNode top = Json.MAPPER.readTree(server.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId).body());
        assertThat(top.get("root_uri").asText()).isEqualTo(artifactUri);
        assertThat(top.get("files").findValuesAsText("path")).containsExactly("README.md", "model");
        JsonNode sub = Json.MAPPER.readTree(server.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=model").body());
        assertThat(sub.get("files").findValuesAsText("path")).containsExactly("model/MLmodel", "model/model.json");
        assertThat(server.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=../../..").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "../secret.txt", "a/../../secret.txt", "%2e%2e/secret.txt", "%2E%2E%2Fsecret.txt", "%252e%252e/secret.txt",
        "%25252e%25252e%25252fsecret.txt", "..%2fsecret.txt", "..%5csecret.txt", "a%5c..%5c..%5csecret.txt",
        "%2fetc/passwd", "/etc/passwd", "x%00.txt", "x%23frag", "x;param", "x%3bparam", ".%2e/secret.txt",
        "%c0%ae%c0%ae/secret.txt", "....//secret.txt/..", "C:%5cwindows"})
    void traversalFormsAreRefusedForEveryMethod(String attack) throws Exception {
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            String status = rawRequest(method, BASE + "/" + attack);
            assertThat(status).as("%s %s", method, attack).matches("HTTP/1.1 4\\d\\d.*");
        }
        String listStatus = rawRequest("GET", BASE + "?path=" + attack);
        assertThat(listStatus).as("list %s", attack).matches("HTTP/1.1 (4\\d\\d|200).*");
        assertThat(Files.readString(secret)).isEqualTo("TOP-SECRET");
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().contains("secret")).count()).isEqualTo(1);
        }
    }

    @Test
    void multipartUploadAnswersMlflowsNotSupportedErrorSoClientsFallBack() throws Exception {
        HttpResponse<String> response = server.post("/api/2.0/mlflow-artifacts/mpu/create/1/run/artifacts/big.bin",
                "{\"path\": \"/tmp/big.bin\", \"num_parts\": 3}");
        assertThat(response.statusCode()).isEqualTo(501);
        JsonNode error = Json.MAPPER.readTree(response.body());
        assertThat(error.get("error_code").asText()).isEqualTo("NOT_IMPLEMENTED");
        assertThat(error.get("message").asText()).startsWith("Multipart upload is not supported for the current artifact repository");
    }

    @Test
    void activeContentIsServedAsPlainText() {
        put(BASE + "/web/page.html", "<script>alert(1)</script>");
        HttpResponse<String> page = server.get(BASE + "/web/page.html");
        assertThat(page.headers().firstValue("Content-Type")).contains("text/plain");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    /** Sends the path byte for byte, so no client library normalises or re-encodes it. */
    private static String rawRequest(String method, String path) throws IOException {
        URI url = URI.create(server.url());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            String body = method.equals("PUT") ? "pwned" : "";
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).doesNotContain("TOP-SECRET");
            return response.lines().findFirst().orElse("");
        }
    }

    private static HttpResponse<String> put(String path, String content) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(content)));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
