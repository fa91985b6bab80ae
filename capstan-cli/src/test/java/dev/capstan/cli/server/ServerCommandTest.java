package dev.capstan.cli.server;

import dev.capstan.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The failures {@code capstan server} reports before it would start serving. */
class ServerCommandTest {

    @TempDir
    Path dir;

    @Test
    void unsupportedBackendStoreIsInvalidInput() {
        Cli.Result result = Cli.run("server", "--port", "0", "--backend-store-uri", "mysql://db/x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: Unsupported store URI 'mysql://db/x'");
    }

    @Test
    void takenPortFailsWithAClearMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Cli.Result result = Cli.run("server", "--port", Integer.toString(taken.getLocalPort()),
                    "--backend-store-uri", Cli.sqlite(dir.resolve("db.sqlite")),
                    "--artifacts-destination", dir.resolve("artifacts").toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).startsWith("error: Cannot start the server on 127.0.0.1:" + taken.getLocalPort());
        }
    }
}
