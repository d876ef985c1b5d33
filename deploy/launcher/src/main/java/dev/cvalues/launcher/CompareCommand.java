package dev.cvalues.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", description = "Compare two runs of the running local stack: per suite, category, scorer "
        + "and metric the difference with its 95%% interval, the two-proportion test (Holm-corrected over "
        + "categories) and the verdict.")
public class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASE", description = "the base run id")
    String base;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "the candidate run id")
    String candidate;

    @Option(names = "--alpha", description = "significance level after correction (default 0.05)")
    Double alpha;

    @Option(names = "--min-delta", description = "smallest difference that counts, in proportion points (default 0)")
    Double minDelta;

    @Option(names = "--all", description = "print every cell, not only the changed ones")
    boolean all;

    @Override
    public Integer call() {
        LocalStack stack = LocalStack.running();
        StringBuilder query = new StringBuilder("/api/compare?base=").append(encode(base)).append("&candidate=")
                .append(encode(candidate));
        if (alpha != null) {
            query.append("&alpha=").append(alpha);
        }
        if (minDelta != null) {
            query.append("&minDelta=").append(minDelta);
        }
        JsonNode comparison = StackClient.of(stack).reportGet(query.toString());
        System.out.print(table(comparison, all));
        return "regressed".equals(comparison.path("verdict").asText()) ? 3 : 0;
    }

    /** The comparison as a text table; exit code 3 tells scripts the candidate regressed. */
    static String table(JsonNode comparison, boolean all) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s -> %s: %s%n", comparison.path("baseRunId").asText(),
                comparison.path("candidateRunId").asText(), comparison.path("verdict").asText().toUpperCase()));
        out.append(String.format("%-22s %-22s %-16s %-12s %14s %14s %26s %9s  %s%n", "suite", "category", "scorer",
                "metric", "base (n)", "candidate (n)", "difference [95% CI]", "p (Holm)", "change"));
        int shown = 0;
        for (JsonNode c : comparison.path("cells")) {
            if (!all && "unchanged".equals(c.path("change").asText())) {
                continue;
            }
            shown++;
            out.append(String.format("%-22s %-22s %-16s %-12s %8.3f (%3d) %8.3f (%3d) %+8.3f [%+.3f, %+.3f] %9.2g  %s%n",
                    c.path("suite").asText(), c.path("category").asText(), c.path("scorer").asText(),
                    c.path("metric").asText(), c.path("base").asDouble(), c.path("baseN").asLong(),
                    c.path("candidate").asDouble(), c.path("candidateN").asLong(), c.path("difference").asDouble(),
                    c.path("low").asDouble(), c.path("high").asDouble(), c.path("adjustedPValue").asDouble(),
                    c.path("change").asText()));
        }
        if (shown == 0) {
            out.append("no significant change (--all prints every cell)\n");
        }
        for (JsonNode gap : comparison.path("coverage")) {
            out.append(String.format("inconclusive: %s %s %s %s %s (coverage %s of base %s)%n", gap.path("suite").asText(),
                    gap.path("category").asText(), gap.path("scorer").asText(), gap.path("metric").asText(),
                    gap.path("problem").asText(), percent(gap.path("candidateCoverage")), percent(gap.path("baseCoverage"))));
        }
        return out.toString();
    }

    private static String percent(JsonNode share) {
        return share.isNumber() ? String.format("%.1f%%", 100 * share.asDouble()) : "-";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
