package dev.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The web UI's pages on a real server, with runs logged through the MLflow REST API as a client would. */
class UiPagesTest {

    private static final String API = "/api/2.0/mlflow/";

    @TempDir
    static Path dir;
    private static TestServer server;
    private static String experiment;
    private static String longRun;

    @BeforeAll
    static void start() throws IOException {
        server = new TestServer(dir);
        experiment = ok(server.post(API + "experiments/create", "{\"name\": \"churn <b>models</b>\"}"))
                .get("experiment_id").asText();
        for (int i = 0; i < 120; i++) {
            String run = ok(server.post(API + "runs/create", Json.MAPPER.writeValueAsString(Map.of("experiment_id",
                    experiment, "run_name", i == 7 ? "<script>alert(1)</script>" : "run-" + i))))
                    .at("/run/info/run_id").asText();
            ok(server.post(API + "runs/log-batch", Json.MAPPER.writeValueAsString(Map.of("run_id", run,
                    "metrics", List.of(Map.of("key", "accuracy", "value", i / 120.0, "timestamp", 1, "step", 0)),
                    "params", List.of(Map.of("key", "lr", "value", i % 2 == 0 ? "0.1" : "0.3"))))));
            if (i == 0) {
                longRun = run;
            }
        }
        List<Map<String, Object>> history = new ArrayList<>();
        for (int step = 0; step < 1000; step++) {
            history.add(Map.of("key", "loss", "value", 1.0 / (step + 1), "timestamp", step, "step", step));
        }
        ok(server.post(API + "runs/log-batch", Json.MAPPER.writeValueAsString(Map.of("run_id", longRun,
                "metrics", history))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theExperimentsPageListsThemWithEveryValueEscaped() {
        HttpResponse<String> page = server.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("<h1>Experiments</h1>", "churn &lt;b&gt;models&lt;/b&gt;",
                "href=\"/experiments/" + experiment + "\"", "Default").doesNotContain("<b>models</b>");
        assertThat(server.get("/static/capstan.css").body()).contains("focus-visible");
    }

    @Test
    void theRunsPagePagesFiltersAndSortsWithItsStateInTheUrl() {
        String path = "/experiments/" + experiment;
        HttpResponse<String> first = server.get(path);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("100 runs on this page", "rel=\"next\"", "accuracy", "lr", ">run-119<");
        String next = first.body().replaceAll("(?s).*rel=\"next\" href=\"([^\"]*)\".*", "$1").replace("&amp;", "&");
        HttpResponse<String> second = server.get(next);
        assertThat(second.body()).contains("20 runs</caption>", "First page", ">run-0<",
                "&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");

        HttpResponse<String> filtered = server.get(path + "?filter=" + encode("metrics.accuracy > 0.9 and params.lr = '0.1'"));
        assertThat(filtered.body()).contains("value=\"metrics.accuracy &gt; 0.9 and params.lr = &#39;0.1&#39;\"");
        long rows = filtered.body().lines().filter(l -> l.startsWith("<tr><td><input type=\"checkbox\"")).count();
        assertThat(rows).isEqualTo(java.util.stream.IntStream.range(0, 120)
                .filter(i -> i / 120.0 > 0.9 && i % 2 == 0).count());

        HttpResponse<String> sorted = server.get(path + "?order=" + encode("metrics.accuracy DESC"));
        assertThat(sorted.body()).contains("aria-sort=\"descending\"");
        int best = sorted.body().indexOf(">run-119<");
        int worst = sorted.body().indexOf(">run-20<");
        assertThat(best).isPositive().isLessThan(worst);

        HttpResponse<String> chosen = server.get(path + "?metrics=accuracy&params=lr&filter=" + encode("params.lr = '0.3'"));
        assertThat(chosen.body()).contains("<input type=\"hidden\" name=\"metrics\" value=\"accuracy\">");
    }

    @Test
    void aBadFilterOrAMissingRunIsAPageThatSaysWhat() {
        HttpResponse<String> bad = server.get("/experiments/" + experiment + "?filter=" + encode("metrics.accuracy >>> 1"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Cannot show this page", "class=\"error\"");
        HttpResponse<String> missing = server.get("/runs/0123456789abcdef0123456789abcdef");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Not found");
        assertThat(server.get("/experiments/987654").statusCode()).isEqualTo(404);
        HttpResponse<String> empty = server.get("/experiments/" + experiment + "?filter=" + encode("metrics.accuracy > 5"));
        assertThat(empty.body()).contains("No run matches");
    }

    @Test
    void aRunWithAThousandPointsChartsAtMostFiveHundredOfThem() {
        HttpResponse<String> page = server.get("/runs/" + longRun);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>run-0</h1>", "<figcaption>loss</figcaption>", "lr", "0.1",
                "mlflow.runName");
        String points = page.body().replaceAll("(?s).*<figcaption>loss</figcaption>.*?points=\"([^\"]*)\".*", "$1");
        assertThat(points.split(" ")).hasSizeBetween(400, 500);
        assertThat(page.body()).contains("from step 0 to 999");
    }

    @Test
    void compareShowsRunsSideBySideMarkingTheParamsThatDiffer() throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode run : ok(server.post(API + "runs/search", "{\"experiment_ids\": [\"" + experiment
                + "\"], \"max_results\": 3, \"order_by\": [\"attributes.start_time ASC\"]}")).get("runs")) {
            ids.add(run.at("/info/run_id").asText());
        }
        HttpResponse<String> page = server.get("/compare?runs=" + ids.get(0) + "&runs=" + ids.get(1));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Compare 2 runs</h1>", ">run-0<", ">run-1<",
                "lr <span class=\"muted\">(differs)</span>", "<figcaption>accuracy</figcaption>", "<figcaption>loss",
                "fill=\"#d63384\"", "<polyline stroke=\"#0a58ca\"");
        assertThat(page.body()).contains("<svg class=\"chart parallel\" role=\"img\" aria-label=\"Parallel "
                + "coordinates of 2 runs over lr, accuracy, loss. run-0: 0.1, 0, 0.001. run-1: 0.3, 0.008333, none.");
        HttpResponse<String> same = server.get("/compare?runs=" + ids.get(0) + "," + ids.get(2) + "&diff=1");
        assertThat(same.body()).doesNotContain("<th scope=\"row\">lr").contains("Show every param");
        HttpResponse<String> one = server.get("/compare?runs=" + ids.get(0));
        assertThat(one.statusCode()).isEqualTo(400);
        assertThat(one.body()).contains("Compare takes 2 to 10 runs");
    }

    @Test
    void aRunsArtifactsAreBrowsedAndPreviewedAsTheirKindAllows() throws Exception {
        String uri = ok(server.get(API + "runs/get?run_id=" + longRun)).at("/run/info/artifact_uri").asText();
        String base = "/api/2.0/mlflow-artifacts/artifacts/" + uri.replaceFirst("^mlflow-artifacts:/+", "") + "/";
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(4, 4,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        Map<String, byte[]> files = Map.of("summary.json", "{\"accuracy\": 0.9, \"classes\": [\"no\", \"yes\"]}"
                .getBytes(StandardCharsets.UTF_8), "data/sample.csv", "age,plan\n30,<b>pro</b>\n41,basic\n"
                .getBytes(StandardCharsets.UTF_8), "plots/roc.png", png.toByteArray(),
                "notes.txt", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertThat(server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + base
                    + f.getKey())).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(f.getValue())))
                    .statusCode()).isEqualTo(200);
        }
        String page = "/runs/" + longRun + "/artifacts";
        assertThat(server.get(page).body()).contains(">data/<", ">plots/<", ">summary.json<", ">notes.txt<");
        assertThat(server.get(page + "?path=data").body()).contains(">sample.csv<", "B</td>");
        assertThat(server.get(page + "?path=summary.json").body()).contains("&quot;accuracy&quot; : 0.9");
        assertThat(server.get(page + "?path=data/sample.csv").body()).contains("<th scope=\"col\">age</th>",
                "<td>&lt;b&gt;pro&lt;/b&gt;</td>", "First 2 rows.");
        assertThat(server.get(page + "?path=notes.txt").body()).contains("<pre>&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>");
        assertThat(server.get(page + "?path=plots/roc.png").body()).contains("<img src=\"/runs/" + longRun
                + "/artifact?path=plots%2Froc.png\"");
        HttpResponse<byte[]> raw = server.sendBytes("/runs/" + longRun + "/artifact?path=plots%2Froc.png");
        assertThat(raw.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/png");
        assertThat(raw.body()).isEqualTo(png.toByteArray());
        HttpResponse<byte[]> text = server.sendBytes("/runs/" + longRun + "/artifact?path=notes.txt");
        assertThat(text.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        assertThat(server.get(page + "?path=" + encode("../../../etc/passwd")).statusCode()).isEqualTo(400);
        assertThat(server.get("/runs/" + longRun).body()).contains("/runs/" + longRun + "/artifacts\">Browse</a>");
    }

    @Test
    void theRegistryPagesShowModelsVersionsAliasesAndWhereAVersionComesFrom() throws IOException {
        ok(server.post(API + "registered-models/create", "{\"name\": \"churn<i>\", \"description\": \"Who leaves\"}"));
        ok(server.post(API + "model-versions/create", "{\"name\": \"churn<i>\", \"source\": \"runs:/" + longRun
                + "/model\", \"run_id\": \"" + longRun + "\"}"));
        ok(server.post(API + "model-versions/create", "{\"name\": \"churn<i>\", \"source\": \"runs:/" + longRun
                + "/model\", \"run_id\": \"" + longRun + "\"}"));
        ok(server.post(API + "registered-models/alias", "{\"name\": \"churn<i>\", \"alias\": \"champion\", "
                + "\"version\": \"1\"}"));
        assertThat(server.get("/models").body()).contains("churn&lt;i&gt;", "champion → 1", "aria-current=\"page\">Models");
        HttpResponse<String> model = server.get("/models/" + encode("churn<i>"));
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(model.body()).contains("Who leaves", "<h2>Lineage of version 1</h2>", "href=\"/runs/" + longRun,
                "lr=0.1", "accuracy 0").doesNotContain("<i>");
        assertThat(server.get("/models/" + encode("churn<i>") + "?version=2").body())
                .contains("<h2>Lineage of version 2</h2>");
        assertThat(server.get("/models/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void aRecordedPipelineIsDrawnWithEachStagesLastResultAndLinkedFromTheModelItTrained() throws IOException {
        assertThat(server.get("/pipelines").body()).contains("No pipeline has run yet");
        assertThat(server.get("/schedules").body()).contains("Nothing is scheduled");
        Path project = dir.resolve("project");
        String file = PipelineFixture.reproduce(project, server.storeUri).toString();
        PipelineFixture.schedule(project, server.storeUri);

        HttpResponse<String> list = server.get("/pipelines");
        assertThat(list.body()).contains("href=\"/pipelines/view?file=" + encode(file) + "\">" + file + "</a>",
                "status-FAILED", "aria-current=\"page\">Pipelines");
        HttpResponse<String> pipeline = server.get("/pipelines/view?file=" + encode(file));
        assertThat(pipeline.statusCode()).isEqualTo(200);
        assertThat(pipeline.body()).contains("<svg class=\"chart dag\"", "Pipeline of 4 stages: prepare (ran); "
                + "train (ran, after prepare); evaluate (failed, after train); report (not run yet, after evaluate)",
                "class=\"node result-ran\"", "class=\"node result-failed\"", "class=\"node result-not-run-yet\"",
                "<code>exit 3</code>", "path=logs%2Fevaluate.log\">log</a>");
        assertThat(pipeline.body().split("class=\"edge\"")).hasSize(4);
        assertThat(server.get("/pipelines/view?file=" + encode("/nowhere/dvc.yaml")).statusCode()).isEqualTo(404);
        assertThat(server.get("/pipelines/view").statusCode()).isEqualTo(400);
        String foreign = ok(server.post(API + "runs/create", "{\"experiment_id\": \"0\", \"tags\": [{\"key\": "
                + "\"mlflow.source.type\", \"value\": \"PIPELINE\"}, {\"key\": \"mlflow.source.name\", "
                + "\"value\": \"dvc.yaml\"}]}")).at("/run/info/run_id").asText();
        assertThat(server.get("/pipelines/view?file=dvc.yaml").body()).as("a pipeline recorded elsewhere")
                .contains("The graph is not shown: this server cannot read the pipeline (&#39;dvc.yaml&#39; is not "
                        + "an absolute path)", "No stage of it is recorded", "href=\"/runs/" + foreign);

        String run = ok(server.post(API + "runs/create", "{\"experiment_id\": \"0\", \"run_name\": "
                + "\"trained-on-prepared\"}")).at("/run/info/run_id").asText();
        String digest = dev.capstan.data.internal.Md5.of(project.resolve("prepared.csv"));
        ok(server.post(API + "runs/log-inputs", "{\"run_id\": \"" + run + "\", \"datasets\": [{\"dataset\": "
                + "{\"name\": \"prepared.csv\", \"digest\": \"" + digest + "\", \"source_type\": \"local\", "
                + "\"source\": \"prepared.csv\"}, \"tags\": [{\"key\": \"mlflow.data.context\", "
                + "\"value\": \"training\"}]}]}"));
        ok(server.post(API + "registered-models/create", "{\"name\": \"from-pipeline\"}"));
        ok(server.post(API + "model-versions/create", "{\"name\": \"from-pipeline\", \"source\": \"runs:/" + run
                + "/model\", \"run_id\": \"" + run + "\"}"));
        assertThat(server.get("/models/from-pipeline").body()).contains(">train</a> of the run of <a href=\""
                + "/pipelines/view?file=" + encode(file) + "\">", "Deployments serving it: <span class=\"muted\">none");

        assertThat(server.get("/schedules").body()).contains(">nightly-repro</a>", "<code>0 2 * * *</code>",
                "status-FAILED\">failed");
        HttpResponse<String> schedule = server.get("/schedules/nightly-repro");
        assertThat(schedule.body()).contains("1, 300 s apart", "<summary>log</summary><pre>stage evaluate failed: "
                + "exit code 3 &lt;script&gt;</pre>").doesNotContain("3 <script>");
        assertThat(server.get("/schedules/nope").statusCode()).isEqualTo(404);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }
}
