package dev.cvalues.contracts.events;

/**
 * Marks a prompt (and its response) as a judge's call about one item of a run: which scorer asks, in which
 * version. Judge calls travel on their own topics, {@code cvalues.judge.prompts} and
 * {@code cvalues.judge.responses}, so the stages of the evaluated model never see them; the inference
 * gateway answers them like any prompt (limits, retries, cache, cost).
 */
public record Judging(String scorerId, String scorerVersion) {
}
