package dev.cvalues.prompts.suite.format;

import dev.cvalues.prompts.suite.SuiteItem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a format's files into a list, for tests. */
final class FormatFixtures {

    record Read(SuiteHeader suite, SuiteItem item, long line) {
    }

    static List<Read> read(SuiteFormat format, ImportFiles files) throws IOException {
        List<Read> read = new ArrayList<>();
        format.read(files, new SuiteFormat.ImportOptions("test-version", "test-suite"),
                (suite, item, line) -> read.add(new Read(suite, item, line)));
        return read;
    }

    static ImportFiles resource(String name, Map<String, String> companions) {
        Map<String, ImportFiles.Named> named = new LinkedHashMap<>();
        companions.forEach((field, resource) -> named.put(field, new ImportFiles.Named(resource, () -> open(resource))));
        return new ImportFiles(name, () -> open(name), named);
    }

    static ImportFiles text(String name, String content) {
        return new ImportFiles(name, () -> new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), Map.of());
    }

    static ImportFiles text(String name, String content, String companionField, String companionContent) {
        return new ImportFiles(name, () -> new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                Map.of(companionField, new ImportFiles.Named(companionField + ".json",
                        () -> new ByteArrayInputStream(companionContent.getBytes(StandardCharsets.UTF_8)))));
    }

    /** A file of the shared public datasets, or null when this machine has none (the test then skips). */
    static Path shared(String relative) {
        Path root = Path.of(System.getProperty("cvalues.datasets", "../../shared/datasets"));
        Path file = root.resolve(relative);
        return Files.isRegularFile(file) ? file : null;
    }

    private static InputStream open(String resource) {
        InputStream in = FormatFixtures.class.getResourceAsStream("/" + resource);
        if (in == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        return in;
    }

    private FormatFixtures() {
    }
}
