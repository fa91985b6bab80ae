package dev.capstan.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.server.ModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.capstan.server.serving.ServingFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad requests get a 4xx that names the problem, in each protocol's error format. */
class ServingErrorsTest {

    private static ModelServer server;
    private static String url;
    private static Path accessLog;
    private static Path predictionLog;

    @BeforeAll
    static void start() throws IOException {
        accessLog = Files.createTempFile("capstan-access", ".jsonl");
        predictionLog = Files.createTempDirectory("capstan-predictions");
        ModelServing serving = new ModelServing(new RegistryModelLocator(() -> {
            throw new IllegalStateException("no registry in this test");
        }, null, null), ServingConfig.defaults().withLimits(1024, 4096).withAccessLog(accessLog.toString())
                .withPredictionLog(predictionLog.toString(), 1));
        serving.serve("xgb", XGB.resolve("model").toString());
        serving.serve("onnx", ONNX.resolve("model").toString());
        server = ModelServer.start(serving, "127.0.0.1", 0);
        url = server.url();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        Files.deleteIfExists(accessLog);
    }

    @Test
    void everyInferenceRequestIsLoggedAsOneJsonLine() throws Exception {
        HttpResponse<String> r = post(url + "/models/onnx/predict", "application/json", "{\"features\": [1, 2]}");
        JsonNode line = logged(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(line.get("model").asText()).isEqualTo("onnx");
        assertThat(line.get("version").asText()).isEqualTo("1");
        assertThat(line.get("status").asInt()).isEqualTo(400);
        assertThat(line.get("path").asText()).isEqualTo("/models/onnx/predict");
        assertThat(line.get("latency_ms").asDouble()).isPositive();

        HttpResponse<String> unknown = post(url + "/models/nope/predict", "application/json", "{\"features\": [1]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode missed = logged(unknown.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(missed.get("model").asText()).isEqualTo("nope");
        assertThat(missed.get("status").asInt()).isEqualTo(404);
        assertThat(missed.has("version")).isFalse();
    }

    @Test
    void servedRowsGoToThePredictionLogWithTheirInputsAndOutputs() {
        HttpResponse<String> r = post(url + "/models/xgb/predict", "application/json",
                "{\"features\": [[" + "0.5,".repeat(29) + "0.5], [" + "-1,".repeat(29) + "-1]]}");
        assertThat(r.statusCode()).isEqualTo(200);
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        server.serving().predictionLog().flush();
        var rows = server.serving().predictionLog().read("xgb", "1", 0, 1000);
        int first = Arrays.asList(rows.column("request_id")).indexOf(id);
        assertThat(first).isNotNegative();
        assertThat(rows.column("in_f0")[first]).isIn(0.5, -1.0);
        assertThat(rows.columns()).contains("in_f29", "out_label", "out_probability_1", "variant", "latency_ms");
        assertThat(Arrays.stream(rows.column("request_id")).filter(id::equals).count()).isEqualTo(2);
        JsonNode predictions = json(r).get("predictions");
        assertThat(((Number) rows.column("out_probability_1")[first]).doubleValue()).isIn(
                predictions.get(0).get("probabilities").get(1).asDouble(),
                predictions.get(1).get("probabilities").get(1).asDouble());
    }

    /** The access log's line for a request, waiting for the background writer. */
    private static JsonNode logged(String id) throws Exception {
        long end = System.currentTimeMillis() + 5000;
        JsonNode line = null;
        while (line == null && System.currentTimeMillis() < end) {
            for (String text : Files.readAllLines(accessLog)) {
                JsonNode json = dev.capstan.Json.MAPPER.readTree(text);
                if (json.path("request_id").asText().equals(id)) {
                    line = json;
                }
            }
            Thread.sleep(20);
        }
        assertThat(line).as("the access log line of request " + id).isNotNull();
        return line;
    }

    private static JsonNode error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response);
    }

    @Test
    void missingRequiredColumnIsNamed() {
        JsonNode e = error(post(url + "/models/xgb/predict", "application/json", "{\"f0\": 1.0}"), 400);
        assertThat(e.get("error").asText()).contains("'f1'", "required");
        JsonNode m = error(post(url + "/models/xgb/invocations", "application/json",
                "{\"dataframe_records\": [{\"f0\": 1.0}]}"), 400);
        assertThat(m.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(m.get("message").asText()).contains("'f1'");
    }

    @Test
    void wrongValueTypeNamesColumnAndRow() {
        JsonNode e = error(post(url + "/models/xgb/predict", "application/json",
                "{\"features\": [[" + "1,".repeat(29) + "\"abc\"]]}"), 400);
        assertThat(e.get("error").asText()).contains("f29", "abc");
    }

    @Test
    void wrongWidthSaysHowManyValuesTheModelTakes() {
        JsonNode e = error(post(url + "/models/xgb/predict", "application/json", "{\"features\": [1, 2]}"), 400);
        assertThat(e.get("error").asText()).contains("expected 30 values", "found 2");
    }

    @Test
    void v2ErrorsUseTheErrorField() {
        JsonNode shape = error(post(url + "/v2/models/onnx/infer", "application/json",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 7], \"datatype\": \"FP32\", \"data\": [1,2,3,4,5,6,7]}]}"),
                400);
        assertThat(shape.get("error").asText()).contains("[-1, 8]", "[1, 7]");
        JsonNode count = error(post(url + "/v2/models/onnx/infer", "application/json",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 8], \"datatype\": \"FP32\", \"data\": [1, 2]}]}"), 400);
        assertThat(count.get("error").asText()).contains("needs 8 values, found 2");
        JsonNode type = error(post(url + "/v2/models/onnx/infer", "application/json",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"COMPLEX\", \"data\": [1]}]}"), 400);
        assertThat(type.get("error").asText()).contains("datatype must be one of", "COMPLEX");
        JsonNode value = error(post(url + "/v2/models/onnx/infer", "application/json",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 8], \"datatype\": \"INT64\", "
                        + "\"data\": [1, 2, 3, 4, 5, 6, 7, 8.5]}]}"), 400);
        assertThat(value.get("error").asText()).contains("element 7", "an integer", "8.5");
        JsonNode output = error(post(url + "/v2/models/xgb/infer", "application/json",
                "{\"inputs\": [{\"name\": \"f\", \"shape\": [1, 30], \"datatype\": \"FP64\", \"data\": "
                        + "[" + "0,".repeat(29) + "0]}], \"outputs\": [{\"name\": \"nope\"}]}"), 400);
        assertThat(output.get("error").asText()).contains("'nope'", "label");
        JsonNode missing = error(post(url + "/v2/models/xgb/infer", "application/json", "{\"id\": \"1\"}"), 400);
        assertThat(missing.get("error").asText()).contains("'inputs'");
    }

    @Test
    void unknownModelOrVersionIsNotFound() {
        assertThat(error(post(url + "/v2/models/nope/infer", "application/json", "{\"inputs\": []}"), 400)
                .get("error").asText()).contains("inputs");
        JsonNode model = error(post(url + "/v2/models/nope/infer", "application/json",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}"), 404);
        assertThat(model.get("error").asText()).contains("'nope'", "onnx", "xgb");
        JsonNode version = error(get(url + "/v2/models/xgb/versions/9"), 404);
        assertThat(version.get("error").asText()).contains("no version 9");
        JsonNode ambiguous = error(post(url + "/invocations", "application/json", "{\"inputs\": [[1]]}"), 400);
        assertThat(ambiguous.get("message").asText()).contains("serves 2 models", "/models/{name}");
    }

    @Test
    void malformedJsonAndWrongShapesOfBodyAreBadRequests() {
        JsonNode malformed = error(post(url + "/models/xgb/predict", "application/json", "{\"features\": [1,"), 400);
        assertThat(malformed.get("error").asText()).contains("Malformed JSON");
        JsonNode keys = error(post(url + "/models/xgb/invocations", "application/json",
                "{\"instances\": [[1]], \"inputs\": [[1]]}"), 400);
        assertThat(keys.get("error_code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(keys.get("message").asText()).contains("exactly one of");
        JsonNode empty = error(post(url + "/models/xgb/predict", "application/json", ""), 400);
        assertThat(empty.get("error").asText()).contains("empty");
    }

    @Test
    void oversizedBodyIs413AndUnsupportedContentTypeIs415() {
        String big = "{\"features\": [" + "1.0,".repeat(2000) + "1.0]}";
        assertThat(post(url + "/models/xgb/predict", "application/json", big).statusCode()).isEqualTo(413);
        assertThat(post(url + "/v2/models/xgb/infer", "application/json", big).statusCode()).isEqualTo(413);
        HttpResponse<String> xml = post(url + "/models/xgb/invocations", "application/xml", "<a/>");
        assertThat(error(xml, 415).get("message").asText()).contains("application/json, text/csv", "application/xml");
        assertThat(post(url + "/models/xgb/predict", "text/plain", "{}").statusCode()).isEqualTo(415);
    }

    @Test
    void nanAndMissingValuesAreMissingForFloatColumns() {
        JsonNode ok = json(post(url + "/models/xgb/predict", "application/json",
                "{\"features\": [null, 1, NaN, 1, \"NaN\", 1, 1, 1, null, 1, null, 1, 1, 1, 1, null, null, null, "
                        + "null, 1, 1, 1, null, 1, null, null, null, null, null, null]}"));
        assertThat(ok.get("predictions").get(0).get("label").isIntegralNumber()).isTrue();
    }
}
