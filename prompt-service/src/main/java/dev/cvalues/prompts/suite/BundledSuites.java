package dev.cvalues.prompts.suite;

import dev.cvalues.prompts.PromptServiceConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import dev.cvalues.prompts.suite.format.ImportFiles;
import dev.cvalues.prompts.suite.format.ProjectJsonl;
import java.io.InputStream;
import java.util.Map;

/** Imports the suites bundled with the service at startup (a no-op when they are already stored). */
@ApplicationScoped
public class BundledSuites {

    private final SuiteImporter importer;
    private final PromptServiceConfig config;

    public BundledSuites(SuiteImporter importer, PromptServiceConfig config) {
        this.importer = importer;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        for (String resource : config.bundledSuites()) {
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            importer.importFiles(ProjectJsonl.ID, new ImportFiles(name, () -> open(resource), Map.of()), null,
                    null);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("bundled suite " + resource + " is not on the classpath");
        }
        return in;
    }
}
