package dev.cvalues.report.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.report.run.RunView;
import dev.cvalues.report.scorecard.ScorecardRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A run's report as one HTML file that reads offline: the scorecard and agreement as tables (escaped here), and
 * a chart per suite drawn by Apache ECharts, whose script is inlined, from the data in a JSON block.
 */
final class HtmlReport {

    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private HtmlReport() {
    }

    static String render(RunView run, List<ScorecardRow> rows, List<?> agreement) {
        StringBuilder html = new StringBuilder(1 << 20);
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cvalues report ")
                .append(escape(run.runId())).append("</title>\n<style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d1d1f}")
                .append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #ddd;")
                .append("padding:.2rem .6rem;text-align:left}td.n{text-align:right}.chart{width:900px;height:340px}")
                .append("</style></head><body>\n");
        html.append("<h1>Run ").append(escape(run.runId())).append("</h1>\n<p>");
        if (run.subject() != null) {
            html.append("Model ").append(escape(String.valueOf(run.subject().get("model")))).append(" version ")
                    .append(escape(String.valueOf(run.subject().get("version")))).append(" · ");
        }
        if (run.model() != null) {
            html.append("endpoint model ").append(escape(run.model().get("provider") + ":" + run.model().get("name")))
                    .append(" · ");
        }
        html.append("status ").append(escape(run.status()));
        if (run.counts() != null) {
            html.append(" · ").append(run.counts().responded()).append(" answered, ").append(run.counts().failed())
                    .append(" failed of ").append(run.counts().expected());
        }
        if (run.verdict() != null) {
            html.append(" · verdict ").append(escape(String.valueOf(run.verdict().get("verdict"))));
        }
        html.append("</p>\n<div id=\"charts\"></div>\n<h2>Scorecard</h2>\n<table><tr><th>suite</th><th>category</th>")
                .append("<th>difficulty</th><th>scorer</th><th>metric</th><th>value</th><th>95% interval</th><th>n</th>")
                .append("<th>coverage</th><th>not read</th>")
                .append("</tr>\n");
        for (ScorecardRow r : rows) {
            html.append("<tr><td>").append(escape(r.suite())).append("</td><td>").append(escape(r.category()))
                    .append("</td><td>").append(escape(r.difficulty())).append("</td><td>").append(escape(r.scorer()))
                    .append("</td><td>").append(escape(r.metric())).append(r.addition() != null ? " (addition)" : "")
                    .append("</td><td class=\"n\">").append(r.value() == null ? "—" : String.format("%.4f", r.value()))
                    .append("</td><td>")
                    .append(r.ciLow() == null ? "" : String.format("%.4f – %.4f", r.ciLow(), r.ciHigh()))
                    .append("</td><td class=\"n\">").append(r.n()).append("</td><td class=\"n\">")
                    .append(r.coverage() == null ? "" : String.format("%.1f %%", 100 * r.coverage()))
                    .append("</td><td>").append(escape(unscored(r))).append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (!agreement.isEmpty()) {
            html.append("<h2>Agreement with people</h2>\n<table><tr><th>metric</th><th>rater</th><th>compared with</th>")
                    .append("<th>statistic</th><th>value</th><th>n</th></tr>\n");
            for (Object o : agreement) {
                Map<?, ?> f = EventCodec.mapper().convertValue(o, Map.class);
                html.append("<tr><td>").append(escape(String.valueOf(f.get("metric")))).append("</td><td>")
                        .append(escape(String.valueOf(f.get("rater")))).append("</td><td>")
                        .append(escape(String.valueOf(f.get("comparedWith")))).append("</td><td>")
                        .append(escape(String.valueOf(f.get("statistic")))).append("</td><td class=\"n\">")
                        .append(f.get("value") == null ? "—" : String.format("%.3f", ((Number) f.get("value")).doubleValue()))
                        .append("</td><td class=\"n\">").append(f.get("n")).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("<script type=\"application/json\" id=\"data\">").append(scriptSafeJson(rows)).append("</script>\n")
                .append("<script>").append(echarts()).append("</script>\n<script>").append(CHARTS).append("</script>\n")
                .append("</body></html>\n");
        return html.toString();
    }

    /** One bar chart per suite and choice/binary scorer metric over categories: the main figures at a glance. */
    private static final String CHARTS = """
            (function () {
              var rows = JSON.parse(document.getElementById('data').textContent);
              var groups = {};
              rows.forEach(function (r) {
                if (r.difficulty || r.addition || r.ciLow === undefined || r.category === 'all') { return; }
                var key = r.suite + ' · ' + r.scorer + ' · ' + r.metric;
                (groups[key] = groups[key] || []).push(r);
              });
              Object.keys(groups).forEach(function (key) {
                var h = document.createElement('h3');
                h.textContent = key;
                var div = document.createElement('div');
                div.className = 'chart';
                document.getElementById('charts').append(h, div);
                var cells = groups[key];
                echarts.init(div).setOption({ animation: false, tooltip: { renderMode: 'richText' },
                  grid: { left: 50, right: 20, top: 20, bottom: 90 },
                  xAxis: { type: 'category', data: cells.map(function (c) { return c.category; }), axisLabel: { rotate: 35 } },
                  yAxis: { type: 'value', min: 0, max: 1 },
                  series: [{ type: 'bar', data: cells.map(function (c) { return c.value; }), itemStyle: { color: '#4c8bf5' } }] });
              });
            })();
            """;

    /** "failed 3, unparsed 1": what the scorer could not read in the row's cell. */
    static String unscored(ScorecardRow r) {
        if (r.unscored() == null || r.unscored().isEmpty()) {
            return "";
        }
        return String.join(", ", r.unscored().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** JSON that cannot end its script element or start markup inside it. */
    static String scriptSafeJson(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e")
                    .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String echarts() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(ECHARTS)) {
            if (in == null) {
                throw new IllegalStateException(ECHARTS + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
