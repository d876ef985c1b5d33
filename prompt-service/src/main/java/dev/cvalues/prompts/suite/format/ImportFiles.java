package dev.cvalues.prompts.suite.format;

import dev.cvalues.prompts.suite.SuiteFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The files of one import: the main file and the companions a format needs, each opened afresh on demand
 * (an import reads them twice: once to validate, once to store).
 */
public record ImportFiles(String name, Opener main, Map<String, Named> companions) {

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public record Named(String name, Opener opener) {
    }

    public static ImportFiles of(Path main, Map<String, Path> companions) {
        Map<String, Named> named = new java.util.LinkedHashMap<>();
        companions.forEach((field, path) -> named.put(field,
                new Named(path.getFileName().toString(), () -> Files.newInputStream(path))));
        return new ImportFiles(main.getFileName().toString(), () -> Files.newInputStream(main), named);
    }

    /** The same files, each refused at its first line longer than {@code maxLineBytes}. */
    public ImportFiles bounded(int maxLineBytes) {
        Map<String, Named> named = new java.util.LinkedHashMap<>();
        companions.forEach((field, file) -> named.put(field, new Named(file.name(),
                () -> new LineBoundedInputStream(file.opener().open(), file.name(), maxLineBytes))));
        return new ImportFiles(name, () -> new LineBoundedInputStream(main.open(), name, maxLineBytes), named);
    }

    public Named companion(String field) {
        Named named = companions.get(field);
        if (named == null) {
            throw new SuiteFormatException(name, 0, field, "this format also needs the '" + field + "' file");
        }
        return named;
    }
}
