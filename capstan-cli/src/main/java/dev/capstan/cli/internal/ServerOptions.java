package dev.capstan.cli.internal;

import dev.capstan.store.internal.MlflowHttp;
import picocli.CommandLine.Option;

/** The server and output options of the commands that talk to a running server ({@code @Mixin}). */
public final class ServerOptions {

    @Option(names = "--server", paramLabel = "URL",
            description = "The capstan server or capstan serve (default: $CAPSTAN_TRACKING_URI or "
                    + "$MLFLOW_TRACKING_URI when it is http(s), else http://127.0.0.1:5000).")
    String server;
    @Option(names = "--json", description = "Print the server's JSON answer.")
    boolean json;

    /** Whether to print the server's JSON instead of a table. */
    public boolean json() {
        return json;
    }

    public MlflowHttp http() {
        return new MlflowHttp(ServerUrl.resolve(server));
    }
}
