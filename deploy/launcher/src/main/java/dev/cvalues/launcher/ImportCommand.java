package dev.cvalues.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Import a suite file into the running local stack (all or nothing; "
        + "importing the same file again changes nothing).")
public class ImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "the suite file, as its publisher releases it")
    Path file;

    @Option(names = "--format", required = true, description = "jsonl, csv, cvalues-prompts, cvalues-mc, "
            + "cvalues-comparison, safetybench, flames, jailbench, chinese-safetyqa (GET /api/suites/formats)")
    String format;

    @Option(names = "--answers", description = "the answer file, for formats that keep answers apart (safetybench)")
    Path answers;

    @Option(names = "--version", description = "version of the imported suites (default: sha-<12 hex of the files>)")
    String version;

    @Option(names = "--suite", description = "suite id, for formats whose files carry none (csv)")
    String suite;

    @Override
    public Integer call() {
        for (Path p : answers == null ? new Path[] {file} : new Path[] {file, answers}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no file " + p);
            }
        }
        LocalStack stack = LocalStack.running();
        Map<String, Path> companions = new LinkedHashMap<>();
        if (answers != null) {
            companions.put("answers", answers);
        }
        long t0 = System.nanoTime();
        JsonNode result = StackClient.of(stack).importSuite(format, file, companions, version, suite);
        for (JsonNode suite : result.path("suites")) {
            System.out.printf("%s suite %s version %s: %d items %s%n",
                    suite.path("created").asBoolean() ? "Imported" : "Already had", suite.path("id").asText(),
                    suite.path("version").asText(), suite.path("itemCount").asInt(), suite.path("categories"));
        }
        System.out.printf("in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
