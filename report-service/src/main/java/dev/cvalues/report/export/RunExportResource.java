package dev.cvalues.report.export;

import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.core.JsonGenerator;
import com.mongodb.client.model.Filters;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.report.Collections;
import dev.cvalues.report.agreement.AgreementQuery;
import dev.cvalues.report.api.ApiError;
import dev.cvalues.report.run.RunView;
import dev.cvalues.report.scorecard.ScorecardQuery;
import dev.cvalues.report.scorecard.ScorecardRow;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A run to take away: {@code json} (the run, its scorecard, agreement and every item with its response and
 * scores, streamed), {@code csv} (the scorecard), {@code items-csv} (one line per item and score, streamed) or
 * {@code html} (a report that reads offline, charts included).
 */
@Path("/api/runs/{runId}/export")
@Blocking
@RolesAllowed(Roles.VIEWER)
public class RunExportResource {

    private final Collections collections;
    private final ScorecardQuery scorecards;
    private final AgreementQuery agreement;

    public RunExportResource(Collections collections, ScorecardQuery scorecards, AgreementQuery agreement) {
        this.collections = collections;
        this.scorecards = scorecards;
        this.agreement = agreement;
    }

    @GET
    @Operation(summary = "Export a run: format json, csv (scorecard), items-csv or html (self-contained report)")
    public Response export(@PathParam("runId") String runId, @QueryParam("format") @DefaultValue("json") String format) {
        Document run = collections.runs().find(Filters.eq("_id", runId)).first();
        if (run == null) {
            throw ApiError.of(Response.Status.NOT_FOUND, "runId", "no run " + runId);
        }
        RunView view = RunView.of(run);
        return switch (format) {
            case "json" -> file(runId, "json", "application/json", out -> json(view, out));
            case "csv" -> file(runId, "csv", "text/csv; charset=utf-8", out -> scorecardCsv(runId, out));
            case "items-csv" -> file(runId + "-items", "csv", "text/csv; charset=utf-8", out -> itemsCsv(runId, out));
            case "html" -> file(runId, "html", "text/html; charset=utf-8", out -> out.write(HtmlReport.render(view,
                    scorecards.scorecard(runId), agreement.agreement(runId))));
            default -> throw ApiError.of(Response.Status.BAD_REQUEST, "format", "format must be json, csv, items-csv or html");
        };
    }

    private interface Body {
        void write(Writer out) throws IOException;
    }

    private static Response file(String name, String extension, String type, Body body) {
        StreamingOutput stream = output -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
            body.write(out);
            out.flush();
        };
        return Response.ok(stream, type)
                .header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_")
                        + "." + extension + "\"").build();
    }

    private void json(RunView view, Writer out) throws IOException {
        try (JsonGenerator json = EventCodec.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectField("run", view);
            json.writeObjectField("scorecard", scorecards.scorecard(view.runId()));
            json.writeObjectField("agreement", agreement.agreement(view.runId()));
            json.writeArrayFieldStart("items");
            ItemCursor.forEach(collections, view.runId(), (item, scores) -> {
                try {
                    // the store's own fields (and older stores' copies of the results), then the results from the scores
                    List.of("_id", "reviewDraw", "scored", "annotated", "results", "reviewed").forEach(item::remove);
                    results(item, scores);
                    json.writeObject(item.append("scores", scores.stream().map(s -> {
                        Document score = new Document(s);
                        score.remove("_id");
                        score.remove("runId");
                        return score;
                    }).toList()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /**
     * Every scorer's result on the item, {@code results.<scorer>} (version, label, metrics by name), and
     * {@code reviewed.<scorer>} when a person resolved it: the item's scores at a glance, beside the full list.
     */
    private static void results(Document item, List<Document> scores) {
        Document results = new Document();
        Document reviewed = new Document();
        for (Document s : scores) {
            if (s.get("annotator") != null) {
                continue;
            }
            Document metrics = new Document();
            List<Document> given = s.getList("metrics", Document.class);
            (given == null ? List.<Document>of() : given)
                    .forEach(m -> metrics.append(m.getString("name"), m.get("value")));
            Document result = new Document("version", s.get("scorerVersion")).append("label", s.get("label"))
                    .append("metrics", metrics);
            Document review = s.get("review", Document.class);
            if (review != null) {
                result.append("reviewer", review.get("reviewer")).append("override", review.get("override"));
            }
            (review == null ? results : reviewed).append(s.getString("scorerId"), result);
        }
        item.put("results", results);
        if (!reviewed.isEmpty()) {
            item.put("reviewed", reviewed);
        }
    }

    private void scorecardCsv(String runId, Writer out) throws IOException {
        out.write("suite,suite_version,category,difficulty,scorer,scorer_version,metric,value,n,sum,ci_low,ci_high,"
                + "addition,applicable,coverage,not_read\r\n");
        for (ScorecardRow r : scorecards.scorecard(runId)) {
            out.write(csv(r.suite(), r.suiteVersion(), r.category(), r.difficulty(), r.scorer(), r.scorerVersion(),
                    r.metric(), r.value(), r.n(), r.sum(), r.ciLow(), r.ciHigh(), r.addition(), r.applicable(),
                    r.coverage(), HtmlReport.unscored(r)));
        }
    }

    private void itemsCsv(String runId, Writer out) throws IOException {
        out.write("item_id,suite,suite_version,kind,level,category,state,scorer,annotator,label,metrics,response\r\n");
        try {
            ItemCursor.forEach(collections, runId, (item, scores) -> {
                Document response = item.get("response", Document.class);
                String text = response == null ? null : response.getString("text");
                List<Document> rows = scores.isEmpty() ? List.of(new Document()) : scores;
                for (Document s : rows) {
                    String metrics = s.getList("metrics", Document.class, List.of()).stream()
                            .map(m -> m.getString("name") + "=" + m.get("value")).collect(Collectors.joining(";"));
                    try {
                        out.write(csv(item.getString("itemId"), item.getString("suiteId"), item.getString("suiteVersion"),
                                item.getString("kind"), item.getString("level"), item.getString("category"),
                                item.getString("state"), s.getString("scorerId"), s.getString("annotator"),
                                s.getString("label"), metrics, text));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static final java.util.regex.Pattern FORMULA = java.util.regex.Pattern.compile("[=+@\\t\\r]|-(?![0-9.])");

    /** One RFC 4180 line: fields quoted when they hold a comma, quote or line break; text never a formula. */
    static String csv(Object... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            String f = fields[i] == null ? "" : String.valueOf(fields[i]);
            if (fields[i] instanceof String && FORMULA.matcher(f).lookingAt()) {
                // model output opened in a spreadsheet must not run as a formula
                f = "'" + f;
            }
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                line.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                line.append(f);
            }
        }
        return line.append("\r\n").toString();
    }
}
