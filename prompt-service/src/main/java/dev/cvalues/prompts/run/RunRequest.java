package dev.cvalues.prompts.run;

import dev.cvalues.contracts.events.ModelSpec;
import java.util.List;

/**
 * Body of {@code POST /api/runs}.
 *
 * @param model  the model to evaluate; {@code name} defaults to the provider id
 * @param suites the suites to run, each optionally sampled
 */
public record RunRequest(ModelSpec model, List<SuiteSelection> suites) {

    /**
     * @param version    suite version; the latest imported when absent
     * @param sampleSize run a seeded sample of about this many items instead of the whole suite; pairs of
     *                   multiple-choice items stay together, so the sample may hold one item more
     * @param seed       seed of the sample (default 0)
     */
    public record SuiteSelection(String id, String version, Integer sampleSize, Long seed) {
    }
}
