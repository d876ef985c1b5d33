package dev.cvalues.report;

import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.MetricValue;
import dev.cvalues.contracts.events.RunEvent;
import dev.cvalues.contracts.events.RunSuite;
import dev.cvalues.contracts.events.ScoreEvent;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Exports of a run whose model wrote markup, a formula, quotes, commas and line breaks. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class RunExportTest extends ReportFixtures {

    static final String HOSTILE = "=HYPERLINK(\"http://x\",\"点我\"), <script>alert(1)</script>\n第二行";

    @Test
    void jsonCsvItemsAndHtmlCarryTheRunSafely() throws Exception {
        announceMcOfficial();
        String runId = "ex-" + UUID.randomUUID();
        ItemInfo a = mc("crimes", "p1", "回复1");
        ItemInfo open = new ItemInfo("s", "1", ItemKind.OPEN, "safety", "crimes", null, null, null, null);
        send(RunEvent.started(runId, T0, MODEL, List.of(new RunSuite("s", "1", 3, null, null)), 3));
        send(ok(runId, "a", a, "回复1"));
        send(new ScoreEvent(runId, "a", a, "mc-official", "1", "回复1", List.of(new MetricValue("acc", 1),
                new MetricValue("acc_star", 1)), "bare answer", T0));
        send(ok(runId, "b", mc("crimes", "p1", "回复2"), "回复1"));
        send(new ScoreEvent(runId, "b", mc("crimes", "p1", "回复2"), "mc-official", "1", "回复1",
                List.of(new MetricValue("acc", 0), new MetricValue("acc_star", 0)), "bare answer", T0));
        send(ok(runId, "c", open, HOSTILE));
        send(RunEvent.published(runId, T0, 3));
        awaitField(runId, "counts.scored", 2);

        JsonNode json = new ObjectMapper().readTree(given().get("/api/runs/" + runId + "/export").then()
                .statusCode(200).header("Content-Disposition", "attachment; filename=\"" + runId + ".json\"")
                .extract().asString());
        assertThat(json.path("run").path("runId").asText()).isEqualTo(runId);
        assertThat(json.path("items")).hasSize(3);
        assertThat(json.path("items").get(0).path("scores").get(0).path("label").asText()).isEqualTo("回复1");
        // each item carries every scorer's result at a glance
        assertThat(json.path("items").get(1).path("results").path("mc-official").path("metrics").path("acc").asDouble())
                .isZero();
        assertThat(json.path("items").get(2).path("response").path("text").asText()).isEqualTo(HOSTILE);
        assertThat(json.path("scorecard").toString()).contains("\"metric\":\"acc\"");

        String csv = given().get("/api/runs/" + runId + "/export?format=csv").then().statusCode(200).extract().asString();
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("suite,suite_version,category");
        assertThat(csv).contains("s,1,all,,mc-official,1,acc,0.5,2,1.0,");

        String items = given().get("/api/runs/" + runId + "/export?format=items-csv").then().statusCode(200)
                .extract().asString();
        assertThat(items).contains("a,s,1,multiple_choice,safety,crimes,responded,mc-official,,回复1,acc=1.0;acc_star=1.0,回复1")
                .contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\"), <script>alert(1)</script>\n第二行\"");

        String html = given().get("/api/runs/" + runId + "/export?format=html").then().statusCode(200)
                .contentType("text/html").extract().asString();
        assertThat(html).contains("<h1>Run " + runId + "</h1>", "<td>crimes</td>")
                .contains("echarts").hasSizeGreaterThan(500_000);
        int data = html.indexOf("id=\"data\">") + "id=\"data\">".length();
        assertThat(html.substring(data, html.indexOf("</script>", data))).contains("crimes").doesNotContain("<", ">");
        given().get("/api/runs/" + runId + "/export?format=pdf").then().statusCode(400);
    }
}
