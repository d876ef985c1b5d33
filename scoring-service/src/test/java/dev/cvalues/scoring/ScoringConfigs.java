package dev.cvalues.scoring;

import java.util.Optional;

/** The scoring-service settings with their defaults, for unit tests that build scorers without Quarkus. */
public final class ScoringConfigs {

    public static ScoringConfig defaults() {
        return new ScoringConfig() {
            @Override
            public McOfficial mcOfficial() {
                return new McOfficial() {
                    @Override
                    public String rules() {
                        return "scorers/mc-official-rules.json";
                    }

                    @Override
                    public Optional<String> extraRules() {
                        return Optional.empty();
                    }
                };
            }

            @Override
            public McLetter mcLetter() {
                return new McLetter() {
                    @Override
                    public String rules() {
                        return "scorers/mc-letter-rules.json";
                    }

                    @Override
                    public Optional<String> extraRules() {
                        return Optional.empty();
                    }
                };
            }
        };
    }

    private ScoringConfigs() {
    }
}
