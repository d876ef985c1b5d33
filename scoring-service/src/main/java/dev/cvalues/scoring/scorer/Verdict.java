package dev.cvalues.scoring.scorer;

import dev.cvalues.contracts.events.MetricValue;
import java.util.List;

/** A scorer's reading of one response: its label, its metric values and why. */
public record Verdict(String label, List<MetricValue> metrics, String rationale) {
}
