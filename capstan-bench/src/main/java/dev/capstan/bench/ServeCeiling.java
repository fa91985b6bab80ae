package dev.capstan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;

/**
 * The ceiling of benchmarks/serving/run.sh: a minimal Vert.x handler that parses the request's JSON, as Capstan does,
 * and answers a fixed prediction without any model. Usage: ServeCeiling PORT.
 */
public final class ServeCeiling {

    private static final Buffer ANSWER = Buffer.buffer("{\"predictions\":[1]}");

    private ServeCeiling() {
    }

    public static void main(String[] args) {
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.post("/predict").handler(BodyHandler.create(false)).handler(ctx -> {
            try {
                JsonNode body = Json.MAPPER.readTree(ctx.body().buffer().getBytes());
                if (!body.path("features").isArray()) {
                    ctx.response().setStatusCode(400).end();
                    return;
                }
            } catch (IOException e) {
                ctx.response().setStatusCode(400).end();
                return;
            }
            ctx.response().putHeader("Content-Type", "application/json").end(ANSWER);
        });
        vertx.createHttpServer().requestHandler(router).listen(Integer.parseInt(args[0]), "127.0.0.1")
                .await();
        System.out.println("ceiling listening on " + args[0]);
    }
}
