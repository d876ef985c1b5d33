package dev.cvalues.contracts;

import java.util.List;

/**
 * The topic catalogue: every topic the pipeline uses, with its key and payload. Item-level topics are
 * keyed {@code runId:itemId} so that all events of one item land on one partition, in order.
 */
public final class Topics {

    public static final String RUNS = "cvalues.runs";
    public static final String PROMPTS = "cvalues.prompts";
    public static final String RESPONSES = "cvalues.responses";
    public static final String SCORES = "cvalues.scores";
    public static final String SCORERS = "cvalues.scorers";
    public static final String REVIEWS = "cvalues.reviews";
    public static final String JUDGE_PROMPTS = "cvalues.judge.prompts";
    public static final String JUDGE_RESPONSES = "cvalues.judge.responses";
    public static final String ALERTS = "cvalues.alerts";
    public static final String CONNECTIONS = "cvalues.connections";
    public static final String TOKENS = "cvalues.tokens";

    /** Suffix of the dead-letter topic of a consuming stage: {@code <topic>.dlq}. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Partitions of item-level topics when the pipeline creates them (embedded stack, tests). */
    public static final int ITEM_TOPIC_PARTITIONS = 6;

    public record Topic(String name, String key, String payload, int partitions, boolean compacted) {
    }

    public static final List<Topic> ALL = List.of(
            new Topic(RUNS, "runId", "RunEvent (run-event.schema.json)", 1, false),
            new Topic(PROMPTS, "runId:itemId", "PromptEvent (prompt-event.schema.json)", ITEM_TOPIC_PARTITIONS, false),
            new Topic(RESPONSES, "runId:itemId", "ResponseEvent (response-event.schema.json)", ITEM_TOPIC_PARTITIONS, false),
            new Topic(SCORES, "runId:itemId", "ScoreEvent (score-event.schema.json)", ITEM_TOPIC_PARTITIONS, false),
            new Topic(SCORERS, "scorerId", "ScorerAnnouncement (scorer-announcement.schema.json)", 1, true),
            new Topic(REVIEWS, "runId:itemId", "ReviewEvent (review-event.schema.json)", ITEM_TOPIC_PARTITIONS, false),
            new Topic(JUDGE_PROMPTS, "runId:itemId", "PromptEvent with judging (prompt-event.schema.json)",
                    ITEM_TOPIC_PARTITIONS, false),
            new Topic(JUDGE_RESPONSES, "runId:itemId", "ResponseEvent with judging (response-event.schema.json)",
                    ITEM_TOPIC_PARTITIONS, false),
            new Topic(ALERTS, "model", "AlertEvent (alert-event.schema.json)", 1, false),
            new Topic(CONNECTIONS, "name", "ConnectionEvent (connection-event.schema.json); a tombstone removes it", 1,
                    true),
            new Topic(TOKENS, "id", "TokenEvent (token-event.schema.json): an API token's roles and SHA-256", 1, true),
            dlq(RUNS), dlq(PROMPTS), dlq(RESPONSES), dlq(SCORES), dlq(SCORERS), dlq(REVIEWS), dlq(JUDGE_PROMPTS),
            dlq(JUDGE_RESPONSES));

    private static Topic dlq(String topic) {
        return new Topic(topic + DLQ_SUFFIX, "key of the failed record",
                "the failed record unchanged; headers dead-letter-reason, -topic, -partition, -offset", 1, false);
    }

    /** The Kafka key of an item-level event. */
    public static String itemKey(String runId, String itemId) {
        return runId + ":" + itemId;
    }

    private Topics() {
    }
}
