package dev.cvalues.scoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of scoring-service; each key can be overridden by its environment variable (CVALUES_SCORING_...). */
@ConfigMapping(prefix = "cvalues.scoring")
public interface ScoringConfig {

    McOfficial mcOfficial();

    interface McOfficial {

        /** Classpath resource or file path of the rule set of the mc-official scorer. */
        @WithDefault("scorers/mc-official-rules.json")
        String rules();

        /**
         * A JSON file of further phrases, in the same format, appended to each list of the rule set. The scorer's
         * version then names it, so scores made with different rules are never mixed up.
         */
        Optional<String> extraRules();
    }
}
