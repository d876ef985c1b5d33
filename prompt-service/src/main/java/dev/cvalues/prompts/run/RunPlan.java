package dev.cvalues.prompts.run;

import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.RunSubject;
import dev.cvalues.contracts.events.RunSuite;
import java.time.Instant;
import java.util.List;

/**
 * A validated run: exact suite versions and the sample of each, so publishing is deterministic.
 *
 * @param cache false when the run asks the gateway not to answer from its cache
 * @param judge the judges' model, or null
 * @param subject the model id and version evaluated, or null
 */
public record RunPlan(String runId, ModelSpec model, List<PlannedSuite> suites, Instant createdAt, boolean cache,
        ModelSpec judge, RunSubject subject) {

    /** @param sample which units a sample keeps, or null when the whole suite runs */
    public record PlannedSuite(String suiteId, String version, Integer sampleSize, Long seed, int items,
            SampleSelector.Cutoff sample) {

        RunSuite toEvent() {
            return new RunSuite(suiteId, version, items, sampleSize, sampleSize == null ? null : seed);
        }
    }

    public int expectedItems() {
        return suites.stream().mapToInt(PlannedSuite::items).sum();
    }

    public List<RunSuite> suiteEvents() {
        return suites.stream().map(PlannedSuite::toEvent).toList();
    }
}
