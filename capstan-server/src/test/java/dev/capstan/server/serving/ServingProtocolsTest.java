package dev.capstan.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.Json;
import dev.capstan.server.ModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;

import static dev.capstan.server.serving.ServingFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every inference route of a real server on a random port, with real XGBoost and ONNX models and their outputs. */
class ServingProtocolsTest {

    private static ModelServer server;
    private static String url;

    @BeforeAll
    static void start() {
        ModelServing serving = new ModelServing(new RegistryModelLocator(() -> {
            throw new IllegalStateException("no registry in this test");
        }, null, null), ServingConfig.defaults().withLimits(1024, 1024 * 1024));
        serving.serve("xgb", XGB.resolve("model").toString());
        serving.serve("onnx", ONNX.resolve("model").toString());
        server = ModelServer.start(serving, "127.0.0.1", 0);
        url = server.url();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void plainPredictGivesEveryRowsLabelAndProbabilities() {
        ObjectNode body = Json.MAPPER.createObjectNode().set("features", rows(XGB));
        HttpResponse<String> response = post(url + "/models/xgb/predict", "application/json", body.toString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Capstan-Model-Version")).hasValue("1");
        JsonNode json = json(response);
        assertThat(json.get("model_name").asText()).isEqualTo("xgb");
        JsonNode expected = expected(XGB);
        JsonNode predictions = json.get("predictions");
        assertThat(predictions).hasSize(205);
        for (int r = 0; r < 205; r++) {
            assertThat(predictions.get(r).get("label").asLong()).isEqualTo(expected.get("predict").get(r).asLong());
            assertThat(predictions.get(r).get("probabilities").get(1).asDouble())
                    .isCloseTo(expected.get("predict_proba").get(r).get(1).asDouble(), within(1e-6));
        }
    }

    @Test
    void plainPredictTakesOneRowOfFeaturesAndNamedColumns() {
        ArrayNode rows = rows(XGB);
        JsonNode expected = expected(XGB).get("predict");
        JsonNode one = json(post(url + "/models/xgb/predict", "application/json",
                "{\"features\": " + rows.get(3) + "}"));
        assertThat(one.get("predictions").get(0).get("label").asLong()).isEqualTo(expected.get(3).asLong());
        ObjectNode named = Json.MAPPER.createObjectNode();
        List<String> columns = header(XGB);
        for (int c = 0; c < columns.size(); c++) {
            named.set(columns.get(c), rows.get(4).get(c));
        }
        JsonNode byName = json(post(url + "/models/xgb/predict", "application/json", named.toString()));
        assertThat(byName.get("predictions").get(0).get("label").asLong()).isEqualTo(expected.get(4).asLong());
    }

    @Test
    void v2InferTakesOneMatrixOrOneInputPerColumnAndEchoesTheId() {
        ArrayNode rows = rows(XGB);
        String matrix = "{\"id\": \"req-7\", \"parameters\": {\"a\": 1}, \"inputs\": [{\"name\": \"input-0\", "
                + "\"shape\": [205, 30], \"datatype\": \"FP64\", \"data\": " + rows + "}]}";
        JsonNode json = json(post(url + "/v2/models/xgb/infer", "application/json", matrix));
        assertThat(json.get("id").asText()).isEqualTo("req-7");
        assertThat(json.get("model_version").asText()).isEqualTo("1");
        assertThat(json.get("parameters").get("a").asInt()).isEqualTo(1);
        JsonNode label = json.get("outputs").get(0);
        assertThat(label.get("name").asText()).isEqualTo("label");
        assertThat(label.get("datatype").asText()).isEqualTo("INT64");
        assertThat(label.get("shape").toString()).isEqualTo("[205]");
        assertThat(label.get("data")).isEqualTo(expected(XGB).get("predict"));
        JsonNode probabilities = json.get("outputs").get(1);
        assertThat(probabilities.get("shape").toString()).isEqualTo("[205,2]");
        assertThat(probabilities.get("data")).hasSize(410);

        ArrayNode inputs = Json.MAPPER.createArrayNode();
        List<String> columns = header(XGB);
        for (int c = 0; c < columns.size(); c++) {
            inputs.addObject().put("name", columns.get(c)).put("datatype", "FP32").set("shape",
                    Json.MAPPER.createArrayNode().add(1));
            ((ObjectNode) inputs.get(c)).set("data", Json.MAPPER.createArrayNode().add(rows.get(0).get(c)));
        }
        String perColumn = "{\"inputs\": " + inputs + ", \"outputs\": [{\"name\": \"label\"}]}";
        JsonNode byColumn = json(post(url + "/v2/models/xgb/versions/1/infer", "application/json", perColumn));
        assertThat(byColumn.get("outputs")).hasSize(1);
        assertThat(byColumn.get("outputs").get(0).get("data").get(0).asLong())
                .isEqualTo(expected(XGB).get("predict").get(0).asLong());
    }

    @Test
    void v2InferOnOnnxGivesTheTorchProbabilities() {
        ArrayNode rows = rows(ONNX);
        String request = "{\"inputs\": [{\"name\": \"input\", \"shape\": [64, 8], \"datatype\": \"FP32\", \"data\": "
                + rows + "}]}";
        JsonNode out = json(post(url + "/v2/models/onnx/infer", "application/json", request)).get("outputs").get(0);
        assertThat(out.get("datatype").asText()).isEqualTo("FP32");
        assertThat(out.get("shape").toString()).isEqualTo("[64,3]");
        JsonNode expected = expected(ONNX).get("outputs").get("probabilities");
        for (int r = 0; r < 64; r++) {
            for (int k = 0; k < 3; k++) {
                assertThat(out.get("data").get(r * 3 + k).asDouble())
                        .isCloseTo(expected.get(r).get(k).asDouble(), within(1e-6));
            }
        }
    }

    @Test
    void mlflowInvocationsTakeEveryInputFormat() throws Exception {
        JsonNode labels = expected(XGB).get("predict");
        List<String> columns = header(XGB);
        ArrayNode rows = rows(XGB);
        ObjectNode split = Json.MAPPER.createObjectNode();
        split.putObject("dataframe_split").set("columns", Json.MAPPER.valueToTree(columns));
        ((ObjectNode) split.get("dataframe_split")).set("data", rows);
        assertThat(json(post(url + "/models/xgb/invocations", "application/json", split.toString()))
                .get("predictions")).isEqualTo(labels);

        ArrayNode records = Json.MAPPER.createArrayNode();
        for (JsonNode row : rows) {
            ObjectNode record = records.addObject();
            for (int c = 0; c < columns.size(); c++) {
                record.set(columns.get(c), row.get(c));
            }
        }
        assertThat(json(post(url + "/models/xgb/invocations", "application/json",
                "{\"dataframe_records\": " + records + "}")).get("predictions")).isEqualTo(labels);
        assertThat(json(post(url + "/models/xgb/invocations", "application/json",
                "{\"instances\": " + rows + "}")).get("predictions")).isEqualTo(labels);
        JsonNode proba = json(post(url + "/models/xgb/invocations", "application/json",
                "{\"inputs\": " + rows + ", \"params\": {\"predict_method\": \"predict_proba\"}}")).get("predictions");
        assertThat(proba.get(0).get(1).asDouble())
                .isCloseTo(expected(XGB).get("predict_proba").get(0).get(1).asDouble(), within(1e-6));

        String csv = Files.readString(XGB.resolve("rows.csv"));
        assertThat(json(post(url + "/models/xgb/invocations", "text/csv", csv)).get("predictions")).isEqualTo(labels);

        JsonNode onnx = json(post(url + "/models/onnx/invocations", "application/json",
                "{\"inputs\": " + rows(ONNX) + "}")).get("predictions");
        assertThat(onnx).hasSize(64);
        assertThat(onnx.get(5).get(2).asDouble()).isCloseTo(
                expected(ONNX).get("outputs").get("probabilities").get(5).get(2).asDouble(), within(1e-6));
    }

    @Test
    void healthReadinessAndMetadataRoutesAnswer() {
        assertThat(get(url + "/v2/health/live").statusCode()).isEqualTo(200);
        assertThat(json(get(url + "/v2/health/ready")).get("ready").asBoolean()).isTrue();
        assertThat(get(url + "/ping").statusCode()).isEqualTo(200);
        assertThat(get(url + "/health").statusCode()).isEqualTo(200);
        assertThat(get(url + "/version").body()).isNotBlank();
        assertThat(json(get(url + "/v2")).get("name").asText()).isEqualTo("capstan");
        assertThat(json(get(url + "/v2/models/xgb/ready")).get("ready").asBoolean()).isTrue();
        JsonNode onnx = json(get(url + "/v2/models/onnx/versions/1"));
        assertThat(onnx.get("platform").asText()).isEqualTo("onnx");
        assertThat(onnx.get("inputs").get(0).get("datatype").asText()).isEqualTo("FP32");
        assertThat(onnx.get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,8]");
        JsonNode xgb = json(get(url + "/v2/models/xgb"));
        assertThat(xgb.get("inputs")).hasSize(30);
        assertThat(xgb.get("versions").toString()).isEqualTo("[\"1\"]");
    }

    @Test
    void metricsCountRequestsByModelVersionVariantAndStatus() {
        post(url + "/models/onnx/predict", "application/json", "{\"features\": [1, 2, 3]}");
        post(url + "/models/onnx/predict", "application/json", "{\"features\": [1, 2, 3, 4, 5, 6, 7, 8]}");
        String metrics = get(url + "/metrics").body();
        assertThat(metrics).contains(
                "capstan_inference_requests_total{model=\"onnx\",status=\"400\",variant=\"primary\",version=\"1\"}",
                "capstan_inference_requests_total{model=\"onnx\",status=\"200\",variant=\"primary\",version=\"1\"}",
                "capstan_inference_request_duration_seconds_bucket{model=\"onnx\"",
                "capstan_model_ready{model=\"xgb\",variant=\"primary\",version=\"1\"} 1.0",
                "capstan_inference_queue_depth{model=\"xgb\"");
    }
}
