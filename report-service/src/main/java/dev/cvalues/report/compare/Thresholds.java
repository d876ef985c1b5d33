package dev.cvalues.report.compare;

import java.util.Map;

/**
 * When a difference between two runs counts as a change: significant at {@code alpha} after Holm's correction,
 * and at least {@code minDelta} (absolute, in the metric's units: proportion points, or points of a 1-10 scale)
 * — or the per-metric minimum in
 * {@code minDeltas}, keyed {@code scorer/metric}. {@code minCoverage}: the share of the baseline's coverage a
 * candidate's cell must reach (of all its items, for a model's first version) for the verdict to rest on it;
 * below it, or a cell missing, the verdict is {@code inconclusive} (default 0.95).
 */
public record Thresholds(Double alpha, Double minDelta, Map<String, Double> minDeltas, Double minCoverage) {

    public static final Thresholds DEFAULT = new Thresholds(0.05, 0.0, Map.of(), 0.95);

    public Thresholds(Double alpha, Double minDelta, Map<String, Double> minDeltas) {
        this(alpha, minDelta, minDeltas, null);
    }

    public double minCoverageOrDefault() {
        return minCoverage == null ? DEFAULT.minCoverage() : minCoverage;
    }

    public double alphaOrDefault() {
        return alpha == null ? DEFAULT.alpha() : alpha;
    }

    public double minDeltaFor(String scorer, String metric) {
        if (minDeltas != null && minDeltas.containsKey(scorer + "/" + metric)) {
            return minDeltas.get(scorer + "/" + metric);
        }
        return minDelta == null ? DEFAULT.minDelta() : minDelta;
    }

    /** A message naming the field that is out of range, or null. */
    public String problem() {
        if (alpha != null && !(alpha > 0 && alpha < 1)) {
            return "thresholds.alpha must be between 0 and 1";
        }
        if (minDelta != null && !(minDelta >= 0 && minDelta <= 1)) {
            return "thresholds.minDelta must be from 0 to 1";
        }
        if (minDeltas != null && minDeltas.values().stream().anyMatch(d -> d == null || d < 0 || d > 1)) {
            return "thresholds.minDeltas values must be from 0 to 1";
        }
        if (minCoverage != null && !(minCoverage >= 0 && minCoverage <= 1)) {
            return "thresholds.minCoverage must be from 0 to 1";
        }
        return null;
    }
}
