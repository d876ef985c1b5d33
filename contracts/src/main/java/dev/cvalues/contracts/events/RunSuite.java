package dev.cvalues.contracts.events;

/**
 * One suite of a run.
 *
 * @param items      items of this suite the run publishes (after sampling)
 * @param sampleSize requested sample size, absent when the whole suite runs
 * @param sampleSeed seed of the sample
 */
public record RunSuite(String suiteId, String version, int items, Integer sampleSize, Long sampleSeed) {
}
