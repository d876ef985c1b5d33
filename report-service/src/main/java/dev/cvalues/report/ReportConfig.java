package dev.cvalues.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of report-service; each key can be overridden by its environment variable (CVALUES_REPORT_...). */
@ConfigMapping(prefix = "cvalues.report")
public interface ReportConfig {

    /** MongoDB database holding runs, items, scores and scorers. */
    @WithDefault("cvalues_reports")
    String database();

    /**
     * How often the counts and status of runs that changed are derived from their tallies, besides the pass that
     * follows every batch (this one serves runs a batch could not add to, and stalls).
     */
    Duration progressInterval();

    /**
     * Share of a run's open responses that people are asked to annotate (safe/unsafe, 1-10) unless the run
     * sets its own; 1 asks for every one, the paper's human evaluation.
     */
    @WithDefault("0.1")
    double reviewSample();

    /** prompt-service's base URL: deployments and scheduled re-runs start their runs through its API. */
    @WithDefault("http://127.0.0.1:8081")
    String promptServiceUrl();

    /**
     * The credential reference (env:CVALUES_SECRET_… or file:NAME in the secrets directory) of report-service's own
     * token, with role runner, for prompt-service's API; absent: calls carry none (and prompt-service refuses them).
     */
    java.util.Optional<String> promptServiceTokenRef();

    /** Webhook deliveries in flight at once (each waits on the network, not on a thread). */
    @WithDefault("8")
    int webhookConcurrency();

    /** Webhooks one policy may have at most. */
    @WithDefault("10")
    int maxWebhooks();

    /** Attempts to deliver an alert to a webhook before giving up (waits double from 1 s, at most 5 min). */
    @WithDefault("8")
    int webhookAttempts();

    /**
     * How long a run may go without any response or score before it is {@code stalled} (listing what is missing and
     * which scorer is behind). A later event still completes it.
     */
    @WithDefault("PT10M")
    Duration stallAfter();

    /** How often running runs are looked at for stalls. */
    @WithDefault("PT30S")
    Duration stallCheck();

    /**
     * Whether a run is recounted from its documents before it is declared finished. Its tally cannot count a
     * record twice within one instance, but two instances could during a rebalance, both handling the same records
     * at once; the recount catches that. A MongoDB with the declared indexes reads only the run's documents for it;
     * the embedded server scans every stored item and score, so the local stack (one report-service) turns it off.
     */
    @WithDefault("true")
    boolean confirmFinish();

    /** How long a failing bulk write is retried before its records go to the dead-letter topic. */
    @WithDefault("PT60S")
    Duration writeRetryBudget();
}
