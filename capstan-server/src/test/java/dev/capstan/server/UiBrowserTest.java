package dev.capstan.server;

import dev.capstan.Json;
import dev.capstan.ml.train.TrainConfig;
import dev.capstan.ml.train.Training;
import dev.capstan.monitor.MonitorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web UI in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run}
 * installs): every section is navigated by clicks and keys as a user would, with runs, models and deployments made
 * through the REST API, real traffic served and monitored, and a real pipeline reproduced and scheduled; each
 * page's screenshot is saved under {@code target/ui-screenshots/}.
 */
class UiBrowserTest {

    private static final String API = "/api/2.0/mlflow/";
    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    @TempDir
    static Path dir;
    private static TestServer server;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(
                Path.of("/usr/bin/chromedriver")), "Debian's chromium and chromium-driver are not installed");
        server = new TestServer(dir, config -> config.withMonitoring(dir.resolve("predictions").toString(), 1,
                MonitorConfig.defaults()));
        String experiment = ok(server.post(API + "experiments/create", "{\"name\": \"churn\"}")).get("experiment_id")
                .asText();
        for (int i = 0; i < 30; i++) {
            String run = ok(server.post(API + "runs/create", Json.MAPPER.writeValueAsString(Map.of(
                    "experiment_id", experiment, "run_name", "run-" + i)))).at("/run/info/run_id").asText();
            List<Map<String, Object>> metrics = new ArrayList<>(List.of(Map.of("key", "accuracy", "value",
                    0.5 + i / 60.0, "timestamp", 1, "step", 0)));
            ok(server.post(API + "runs/log-batch", Json.MAPPER.writeValueAsString(Map.of("run_id", run,
                    "metrics", metrics, "params", List.of(Map.of("key", "lr", "value", i % 3 == 0 ? "0.1" : "0.3"))))));
            for (int batch = 0; i == 29 && batch < 100; batch++) {
                List<Map<String, Object>> history = new ArrayList<>();
                for (int step = batch * 1000; step < (batch + 1) * 1000; step++) {
                    history.add(Map.of("key", "loss", "value", 2.0 / (step + 1), "timestamp", step, "step", step));
                }
                ok(server.post(API + "runs/log-batch", Json.MAPPER.writeValueAsString(Map.of("run_id", run,
                        "metrics", history))));
            }
        }
        deployCanary();
        serveCustomers();
        Path project = dir.resolve("project");
        PipelineFixture.reproduce(project, server.storeUri);
        PipelineFixture.schedule(project, server.storeUri);
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aUserFindsFiltersSortsAndOpensRunsByClicksAndKeys() throws IOException {
        browser.get(server.url() + "/");
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Skip to content");
        screenshot("experiments");

        navigate(() -> browser.findElement(By.linkText("churn")).click());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("churn");
        assertThat(runRows()).hasSize(30);
        screenshot("runs");

        WebElement filter = browser.findElement(By.id("filter"));
        navigate(() -> filter.sendKeys("metrics.accuracy > 0.9 and params.lr = '0.1'", Keys.ENTER));
        assertThat(browser.getCurrentUrl()).contains("filter=metrics.accuracy");
        assertThat(runRows()).extracting(WebElement::getText).containsExactly("run-27");

        browser.get(server.url() + "/experiments/" + experimentId());
        navigate(() -> browser.findElement(By.linkText("accuracy")).click());
        assertThat(browser.findElement(By.cssSelector("th[aria-sort]")).getText()).startsWith("accuracy");
        assertThat(runRows().get(0).getText()).isEqualTo("run-29");
        String shared = browser.getCurrentUrl();
        browser.get(shared);
        assertThat(runRows().get(0).getText()).isEqualTo("run-29");
        screenshot("runs-sorted");

        List<WebElement> boxes = browser.findElements(By.cssSelector("tbody input[type=checkbox]"));
        boxes.get(0).click();
        boxes.get(1).sendKeys(Keys.SPACE);
        navigate(() -> browser.findElement(By.xpath("//button[text()='Compare selected runs']")).click());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Compare 2 runs");
        assertThat(browser.findElements(By.cssSelector("tr.differs th"))).extracting(WebElement::getText)
                .anyMatch(t -> t.startsWith("accuracy"));
        assertThat(browser.findElement(By.cssSelector("svg.parallel")).getAttribute("aria-label"))
                .startsWith("Parallel coordinates of 2 runs over accuracy");
        screenshot("compare");
        navigate(() -> browser.navigate().back());

        navigate(() -> runRows().get(0).click());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("run-29");
        WebElement chart = browser.findElement(By.cssSelector("svg.chart[aria-label^='loss']"));
        assertThat(chart.getAttribute("aria-label")).contains("from step 0 to 99999");
        assertThat(chart.findElement(By.tagName("polyline")).getAttribute("points").split(" ").length)
                .isLessThanOrEqualTo(500);
        screenshot("run");
        navigate(() -> browser.findElement(By.linkText("Browse")).click());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Artifacts");
        assertThat(browser.findElement(By.cssSelector("p.empty")).getText()).isEqualTo("No artifacts.");

        browser.get(server.url() + "/runs/ffffffffffffffffffffffffffffffff");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    }

    @Test
    void aCanaryIsPromotedFromItsDeploymentPage() throws IOException {
        browser.get(server.url() + "/");
        navigate(() -> browser.findElement(By.linkText("Deployments")).click());
        navigate(() -> browser.findElement(By.linkText("churn-live")).click());
        String page = browser.findElement(By.tagName("body")).getText();
        assertThat(page).contains("canary", "primary: version 1, 90 % of requests; candidate: version 2, 10 % of "
                + "requests", "Traffic in the last minute");
        List<String> variants = browser.findElements(By.cssSelector("#traffic + .table-wrap tbody th")).stream()
                .map(WebElement::getText).toList();
        assertThat(variants).contains("candidate", "primary");
        screenshot("deployment");
        browser.findElement(By.xpath("//button[text()='Promote the candidate']")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10)).until(
                b -> b.getPageSource().contains(">PROMOTED<"));
        assertThat(browser.findElement(By.cssSelector("#history + .table-wrap tbody tr td:nth-child(2)")).getText())
                .isEqualTo("promote");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("from the web UI");
    }

    @Test
    void theRegistryPipelinesSchedulesAndMonitoringAreAClickAway() throws IOException {
        browser.get(server.url() + "/");
        navigate(() -> browser.findElement(By.linkText("Models")).click());
        navigate(() -> browser.findElement(By.linkText("churn")).click());
        String model = browser.findElement(By.tagName("main")).getText();
        assertThat(model).contains("Version 2", "Flavors capstan_pipeline", "age: double",
                "plan: string", "Lineage of version 2", "Deployments serving it: churn-live (");
        assertThat(model).containsAnyOf("churn-live (candidate, 10 % of requests)",
                "churn-live (primary, 100 % of requests)");
        screenshot("model");

        navigate(() -> browser.findElement(By.linkText("Pipelines")).click());
        navigate(() -> browser.findElement(By.partialLinkText("dvc.yaml")).click());
        assertThat(browser.findElement(By.cssSelector("svg.dag")).getAttribute("aria-label"))
                .contains("evaluate (failed, after train)", "report (not run yet, after evaluate)");
        assertThat(browser.findElements(By.cssSelector("svg.dag rect.result-ran"))).hasSize(2);
        screenshot("pipeline");
        navigate(() -> browser.findElement(By.linkText("log")).click());
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("logs/prepare.log");

        navigate(() -> browser.findElement(By.linkText("Schedules")).click());
        navigate(() -> browser.findElement(By.linkText("nightly-repro")).click());
        WebElement log = browser.findElement(By.tagName("summary"));
        log.sendKeys(Keys.ENTER);
        assertThat(browser.findElement(By.cssSelector("details pre")).getText())
                .isEqualTo("stage evaluate failed: exit code 3 <script>");
        screenshot("schedule");

        navigate(() -> browser.findElement(By.linkText("Monitoring")).click());
        String monitoring = browser.findElement(By.tagName("main")).getText();
        assertThat(monitoring).contains("churn-live version 1", "Share of drifted columns", "age");
        assertThat(browser.findElements(By.cssSelector("tr.differs th"))).extracting(WebElement::getText)
                .contains("age");
        screenshot("monitoring");
        navigate(() -> browser.findElement(By.linkText("Drift report")).click());
        assertThat(browser.getPageSource()).contains("Drift is detected");
    }

    @Test
    void onAPhonesWidthNoPageIsWiderThanTheScreen() {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            for (String path : List.of("/", "/experiments/1", "/models/churn", "/deployments/churn-live", "/monitoring",
                    "/pipelines", "/schedules/nightly-repro")) {
                browser.get(server.url() + path);
                Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(((Number) overflow).longValue()).as(path + " scrolls sideways by").isLessThanOrEqualTo(0);
            }
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }

    /**
     * Two versions of a churn model trained here (their packages carry reference profiles), uploaded through the
     * artifact proxy and served as a 10 % canary.
     */
    private static void deployCanary() throws IOException {
        Random random = new Random(3);
        List<String> rows = new ArrayList<>(List.of("age,spend,plan,tenure,churn"));
        for (int i = 0; i < 2000; i++) {
            rows.add(ChurnCustomer.draw(random, false).csv(random));
        }
        Files.write(dir.resolve("churn.csv"), rows);
        ok(server.post(API + "registered-models/create", "{\"name\": \"churn\"}"));
        for (int v = 1; v <= 2; v++) {
            Files.writeString(dir.resolve("train.yaml"), """
                    data: {path: churn.csv, target: churn}
                    split: {validation: 0.2, test: 0.2, seed: 7}
                    preprocessing:
                      - one_hot: {columns: [plan], handle_unknown: ignore}
                    model: {type: xgboost_classifier, params: {max_depth: %d}, rounds: 20}
                    output: model-%d
                    """.formatted(2 + v, v));
            Training.run(TrainConfig.read(dir.resolve("train.yaml")));
            Path model = dir.resolve("model-" + v);
            try (var files = Files.walk(model)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url()
                            + "/api/2.0/mlflow-artifacts/artifacts/models/churn-" + v + "/" + model.relativize(f)))
                            .PUT(java.net.http.HttpRequest.BodyPublishers.ofFile(f))).statusCode()).isEqualTo(200);
                }
            }
            ok(server.post(API + "model-versions/create", "{\"name\": \"churn\", \"source\": "
                    + "\"mlflow-artifacts:/models/churn-" + v + "\"}"));
        }
        ok(server.post("/api/2.0/capstan/deployments/create", "{\"spec\": {\"name\": \"churn-live\", "
                + "\"strategy\": \"canary\", \"primary\": \"models:/churn/1\", \"candidate\": \"models:/churn/2\", "
                + "\"weight\": 10}}"));
    }

    /** 300 usual customers, an evaluation, 300 from a shifted market, and another evaluation. */
    private static void serveCustomers() throws IOException {
        Random random = new Random(8);
        for (boolean shifted : new boolean[] {false, true}) {
            for (int i = 0; i < 300; i++) {
                ok(server.post("/models/churn-live/invocations", ChurnCustomer.draw(random, shifted).json()));
            }
            ok(server.post("/api/2.0/capstan/monitor/evaluate", ""));
        }
    }

    /** Does what leads to another page, and waits until the current one is gone. */
    private static void navigate(Runnable action) {
        WebElement page = browser.findElement(By.tagName("html"));
        action.run();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(page));
    }

    private static List<WebElement> runRows() {
        return browser.findElements(By.cssSelector("tbody tr td:nth-child(2) a"));
    }

    private static String experimentId() {
        return browser.getCurrentUrl().replaceAll(".*/experiments/([^/?]*).*", "$1");
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static com.fasterxml.jackson.databind.JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }
}
