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

    /** How often the counts and status of runs that received events are recounted. */
    Duration progressInterval();

    /** How long a failing bulk write is retried before its records go to the dead-letter topic. */
    @WithDefault("PT60S")
    Duration writeRetryBudget();
}
