package dev.cvalues.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus and deploy/grafana: the configuration and alert rules pass {@code promtool check} and the
 * rules' own unit tests ({@code promtool test rules}); the dashboard uses the provisioned datasource uid and
 * only metrics the services expose (their names are pinned here and in each service's test).
 */
class MonitoringConfigTest {

    /** The cvalues_* series the dashboard and the rules may use. */
    static final Set<String> EXPOSED = Set.of("cvalues_report_score", "cvalues_report_alerts_total",
            "cvalues_report_webhook_deliveries_total", "cvalues_report_events_total", "cvalues_prompts_published_total",
            "cvalues_gateway_requests_total", "cvalues_gateway_latency_seconds_bucket", "cvalues_scoring_scores_total");

    static final Path ROOT = RepoLayout.locate().root();
    private static final Pattern CVALUES_SERIES = Pattern.compile("\\bcvalues_[a-z_]+");

    @Test
    void prometheusConfigurationAndRulesPassPromtoolAndTheirTests() throws Exception {
        Path prometheus = ROOT.resolve("deploy/prometheus");
        assertThat(promtool(prometheus, "check", "config", "prometheus.yml")).contains("SUCCESS: 5 rules found");
        assertThat(promtool(prometheus.resolve("tests"), "test", "rules", "cvalues-alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void theDashboardUsesTheProvisionedDatasourceAndExposedMetricsOnly() throws IOException {
        Path grafana = ROOT.resolve("deploy/grafana");
        String datasources = Files.readString(grafana.resolve("provisioning/datasources/cvalues.yml"));
        assertThat(datasources).contains("uid: cvalues-prometheus");
        JsonNode dashboard = new ObjectMapper().readTree(grafana.resolve("dashboards/cvalues-pipeline.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("cvalues-pipeline");
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("cvalues-prometheus");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("cvalues-prometheus");
                expressions.add(target.path("expr").asText());
            }
        }
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(6);
        assertThat(seriesIn(String.join("\n", expressions))).isSubsetOf(EXPOSED)
                .contains("cvalues_report_score", "cvalues_report_events_total");
        assertThat(String.join("\n", expressions)).contains("kafka_consumer_fetch_manager_records_lag_max",
                "kafka-dead-letter-topic-producer-");
        assertThat(seriesIn(Files.readString(ROOT.resolve("deploy/prometheus/rules/cvalues-alerts.yml"))))
                .isSubsetOf(EXPOSED).contains("cvalues_report_alerts_total");
    }

    private static Set<String> seriesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = CVALUES_SERIES.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** Runs promtool in {@code dir}; skipped without it unless CVALUES_PROMTOOL_TESTS=required (CI). */
    private static String promtool(Path dir, String... args) throws IOException, InterruptedException {
        File promtool = new File(System.getenv().getOrDefault("PROMTOOL_BIN", "/usr/bin/promtool"));
        if (!promtool.canExecute()) {
            String message = "promtool (Debian package prometheus) is needed: apt-get install prometheus";
            if ("required".equals(System.getenv("CVALUES_PROMTOOL_TESTS"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        List<String> command = new ArrayList<>(List.of(promtool.getPath()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
