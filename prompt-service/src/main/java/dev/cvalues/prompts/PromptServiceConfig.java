package dev.cvalues.prompts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Settings of prompt-service; each key can be overridden by its environment variable (CVALUES_PROMPTS_...). */
@ConfigMapping(prefix = "cvalues.prompts")
public interface PromptServiceConfig {

    /** MongoDB database holding the suites and the publication state of runs. */
    @WithDefault("cvalues_prompts")
    String database();

    /** Prompt events sent to Kafka but not yet acknowledged, at most, while a run is published. */
    @WithDefault("1000")
    int publishWindow();

    /** Classpath resources of the suites bundled with the service, imported at startup. */
    @WithDefault("suites/cvalues-sample.jsonl")
    List<String> bundledSuites();

    /** The longest line a suite file may have, in bytes; a longer one refuses the file, naming the line. */
    @WithDefault("1048576")
    int maxLineBytes();

    /**
     * How long an import holds its suite version against other imports of it without writing; an import
     * interrupted by a crash gives the version up after this.
     */
    @WithDefault("PT10M")
    Duration importLease();
}
