package dev.cvalues.launcher;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", description = "Export a run of the running local stack: json (run, scorecard, agreement, "
        + "every item with its scores), csv (scorecard), items-csv, or html (a report that reads offline).")
public class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", description = "the run id")
    String runId;

    @Option(names = "--format", defaultValue = "html", description = "json, csv, items-csv or html (default html)")
    String format;

    @Option(names = "--out", description = "file to write (default: <run>.<extension> in the current directory)")
    Path out;

    @Override
    public Integer call() {
        LocalStack stack = LocalStack.running();
        Path target = out != null ? out : Path.of(runId + ("items-csv".equals(format) ? "-items.csv" : "." + format));
        long bytes = StackClient.of(stack).reportDownload("/api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8)
                + "/export?format=" + URLEncoder.encode(format, StandardCharsets.UTF_8), target);
        System.out.printf("%s: %,d bytes%n", target, bytes);
        return 0;
    }
}
