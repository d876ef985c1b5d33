package dev.cvalues.report;

import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;

/**
 * The dashboards in headless Chromium, on two versions of a model (version 2 worse in one category): the runs
 * page lists them live, and the scorecard, history and comparison charts are drawn (their colours are counted
 * on the chart canvas; screenshots land in target/).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class DashboardBrowserTest extends HeadlessChromium {

    static final List<String> CATEGORIES = List.of("crimes", "ethics_morality", "personal_privacy");

    @TestHTTPResource("/ui/")
    URL ui;

    @Test
    void runsScorecardHistoryComparisonAndAlertsRenderWithCharts() throws IOException {
        announceMcOfficial();
        String model = "dash-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("suites", List.of(Map.of("id", "s"))))
                .put("/api/models/" + model + "/policy").then().statusCode(200);
        String v1 = versionedRun(model, "1", CATEGORIES, 60, null, 60);
        awaitVerdict(v1, "baseline");
        String v2 = versionedRun(model, "2", CATEGORIES, 60, "crimes", 20);
        awaitVerdict(v2, "regressed");

        signIn(ui.toString(), dev.cvalues.infra.quarkus.TestApi.VIEWER);
        until(() -> text("runs").contains(v2) && text("models").contains(model));
        assertThat(text("runs")).contains("regressed", "baseline");
        shoot("dashboard-runs");

        open("run.html?run=" + v2);
        until(() -> pixels(76, 139, 245) > 500);
        assertThat(text("rows")).contains("crimes", "0.333");
        shoot("dashboard-run");

        open("model.html?model=" + model);
        until(() -> pixels(31, 95, 204) > 100 && browser.findElements(By.cssSelector("#versions tbody tr")).size() == 2);
        shoot("dashboard-model");

        open("compare.html?base=" + v1 + "&candidate=" + v2);
        until(() -> text("verdict").equals("Verdict: regressed") && pixels(209, 36, 47) > 300);
        assertThat(browser.findElements(By.cssSelector("#cells tbody tr")).stream().map(e -> e.getText())
                .filter(t -> t.contains("regressed")).toList()).anyMatch(t -> t.contains("crimes"))
                .noneMatch(t -> t.contains("ethics_morality"));
        shoot("dashboard-compare");

        open("alerts.html");
        until(() -> text("alerts").contains(model) && text("alerts").contains("regressed"));
        assertThat(text("status")).isEmpty();

        // the exported report reads offline, its chart drawn by the inlined library
        Path report = Path.of("target", "report-" + v2 + ".html").toAbsolutePath();
        Files.write(report, given().get("/api/runs/" + v2 + "/export?format=html").then().statusCode(200).extract()
                .asByteArray());
        browser.get(report.toUri().toString());
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> pixels("#charts canvas", 76, 139, 245) > 500);
        shoot("report-offline");
    }

    private void open(String page) {
        browser.get(ui + page);
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void until(java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("page " + browser.getCurrentUrl() + " status '" + text("status") + "'", e);
        }
    }

    /** Pixels of about this colour on the chart's canvas: the chart's bars or lines were drawn. */
    private static long pixels(int r, int g, int b) {
        return pixels("#chart canvas", r, g, b);
    }

    private static long pixels(String canvas, int r, int g, int b) {
        Object n = browser.executeScript("""
                const c = document.querySelector(arguments[3]);
                if (!c) { return 0; }
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) {
                  if (d[i + 3] > 200 && Math.abs(d[i] - arguments[0]) < 12 && Math.abs(d[i + 1] - arguments[1]) < 12
                      && Math.abs(d[i + 2] - arguments[2]) < 12) { n++; }
                }
                return n;""", r, g, b, canvas);
        return ((Number) n).longValue();
    }

    private static void shoot(String name) throws IOException {
        Files.write(Path.of("target", name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
