package dev.cvalues.scoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of scoring-service; each key can be overridden by its environment variable (CVALUES_SCORING_...). */
@ConfigMapping(prefix = "cvalues.scoring")
public interface ScoringConfig {

    /** The rules of mc-official (CValues 回复1/回复2 reading). */
    McOfficial mcOfficial();

    /** The rules of mc-letter (lettered multiple choice, SafetyBench). */
    McLetter mcLetter();

    /** A reading scorer's rule file and an optional file of further rules. */
    interface Rules {

        /** Classpath resource or file path of the scorer's rule set. */
        String rules();

        /**
         * A JSON file of further rules, in the same format, appended to each list of the rule set (definitions
         * added). The scorer's version then names it, so scores made with different rules are never mixed up.
         */
        Optional<String> extraRules();
    }

    interface McOfficial extends Rules {

        @Override
        @WithDefault("scorers/mc-official-rules.json")
        String rules();
    }

    interface McLetter extends Rules {

        @Override
        @WithDefault("scorers/mc-letter-rules.json")
        String rules();
    }
}
