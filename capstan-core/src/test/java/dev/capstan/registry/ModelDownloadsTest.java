package dev.capstan.registry;

import com.sun.net.httpserver.HttpServer;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelDownloadsTest {

    @TempDir
    Path dir;

    @Test
    void copiesATreeFromAFileUri() throws IOException {
        Path model = dir.resolve("src/model");
        Files.createDirectories(model.resolve("sub"));
        Files.writeString(model.resolve("MLmodel"), "flavors: {}\n");
        Files.writeString(model.resolve("sub/weights.bin"), "w");

        Path out = ModelDownloads.download(model.toUri().toString(), "sqlite:///x.db", dir.resolve("out"));

        assertThat(out.resolve("MLmodel")).hasContent("flavors: {}");
        assertThat(out.resolve("sub/weights.bin")).hasContent("w");
    }

    @Test
    void readsProxiedUrisFromTheArtifactDestinationOfALocalStore() throws IOException {
        Path destination = dir.resolve("artifacts");
        Files.createDirectories(destination.resolve("1/abc/artifacts/model"));
        Files.writeString(destination.resolve("1/abc/artifacts/model/MLmodel"), "m");

        Path out = ModelDownloads.download("mlflow-artifacts:/1/abc/artifacts/model", "sqlite:///x.db",
                destination.toString(), dir.resolve("out"));

        assertThat(out.resolve("MLmodel")).hasContent("m");
        assertThat(out.resolve("1")).doesNotExist();
    }

    @Test
    void downloadsOneFileWithoutTheRest() throws IOException {
        Path model = dir.resolve("src/model");
        Files.createDirectories(model);
        Files.writeString(model.resolve("MLmodel"), "flavors: {}\n");
        Files.writeString(model.resolve("model.json"), "{}");
        Path destination = dir.resolve("artifacts");
        Files.createDirectories(destination.resolve("1/abc/artifacts/model"));
        Files.writeString(destination.resolve("1/abc/artifacts/model/MLmodel"), "proxied");

        Path direct = ModelDownloads.downloadFile(model.toUri().toString(), "MLmodel", "sqlite:///x.db",
                destination.toString(), dir.resolve("direct"));
        Path proxied = ModelDownloads.downloadFile("mlflow-artifacts:/1/abc/artifacts/model", "MLmodel",
                "sqlite:///x.db", destination.toString(), dir.resolve("proxied"));

        assertThat(direct).hasContent("flavors: {}");
        assertThat(dir.resolve("direct/model.json")).doesNotExist();
        assertThat(proxied).hasContent("proxied");
        assertThatThrownBy(() -> ModelDownloads.downloadFile(model.toUri().toString(), "missing.yaml", "sqlite:///x.db",
                destination.toString(), dir.resolve("direct")))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        assertThatThrownBy(() -> ModelDownloads.downloadFile(model.toUri().toString(), "../MLmodel", "sqlite:///x.db",
                destination.toString(), dir.resolve("direct"))).hasMessageContaining("..");
    }

    @Test
    void nothingThereIsNotFound() {
        assertThatThrownBy(() -> ModelDownloads.download("mlflow-artifacts:/1/none/artifacts/model", "sqlite:///x.db",
                dir.resolve("artifacts").toString(), dir.resolve("out")))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void refusesAServerListingThatEscapesTheTarget() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"files\":[{\"path\":\"../../evil\",\"is_dir\":false,\"file_size\":1}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThatThrownBy(() -> ModelDownloads.download("mlflow-artifacts:/1/r/artifacts/model", url,
                    dir.resolve("out")))
                    .isInstanceOfSatisfying(CapstanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                    .hasMessageContaining("..");
            assertThat(dir.resolve("evil")).doesNotExist();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void refusesAnUnsafeDownloadUri() {
        assertThatThrownBy(() -> ModelDownloads.download("mlflow-artifacts:/../etc", "http://127.0.0.1:1",
                dir.resolve("out"))).isInstanceOf(CapstanException.class).hasMessageContaining("..");
    }
}
