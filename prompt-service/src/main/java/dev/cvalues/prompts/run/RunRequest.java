package dev.cvalues.prompts.run;

import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.RunSubject;
import java.util.List;

/**
 * Body of {@code POST /api/runs}.
 *
 * @param model  the model to evaluate; {@code name} defaults to the provider id; optional {@code limits}
 *               (maxConcurrency, requestsPerMinute, tokensPerMinute) and {@code price}
 * @param suites the suites to run, each optionally sampled
 * @param cache  false to call the model for every item even when the gateway has the answer (default true)
 * @param judge  the model the judge scorers (safety-judge, responsibility-judge) ask; absent: no judging
 * @param subject the model id and version the run evaluates (runs of one model line up by version); optional
 */
public record RunRequest(ModelSpec model, List<SuiteSelection> suites, Boolean cache, ModelSpec judge,
        RunSubject subject) {

    /**
     * @param version    suite version; the latest imported when absent
     * @param sampleSize run a seeded sample of about this many items instead of the whole suite; pairs of
     *                   multiple-choice items stay together, so the sample may hold one item more
     * @param seed       seed of the sample (default 0)
     */
    public record SuiteSelection(String id, String version, Integer sampleSize, Long seed) {
    }
}
