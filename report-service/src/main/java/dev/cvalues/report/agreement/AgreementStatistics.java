package dev.cvalues.report.agreement;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Agreement between two raters over the same items: Cohen's kappa for labels, quadratic-weighted kappa and
 * Spearman's rank correlation for scores on a scale. Each returns {@code NaN} when the figure is undefined
 * (no items, or raters that never vary so chance agreement is already perfect).
 */
public final class AgreementStatistics {

    private AgreementStatistics() {
    }

    /** One item rated by both raters. */
    public record Pair<T>(T first, T second) {
    }

    /** Cohen's kappa: (observed - chance agreement) / (1 - chance agreement), chance from each rater's marginals. */
    public static <T extends Comparable<T>> double cohensKappa(List<Pair<T>> pairs) {
        int n = pairs.size();
        if (n == 0) {
            return Double.NaN;
        }
        Map<T, int[]> marginals = new TreeMap<>();
        int agreed = 0;
        for (Pair<T> p : pairs) {
            marginals.computeIfAbsent(p.first(), k -> new int[2])[0]++;
            marginals.computeIfAbsent(p.second(), k -> new int[2])[1]++;
            agreed += p.first().equals(p.second()) ? 1 : 0;
        }
        double observed = (double) agreed / n;
        double chance = 0;
        for (int[] m : marginals.values()) {
            chance += ((double) m[0] / n) * ((double) m[1] / n);
        }
        return chance >= 1 ? Double.NaN : (observed - chance) / (1 - chance);
    }

    /**
     * Quadratic-weighted kappa of two raters' scores: 1 - sum((a-b)^2) / ((1/n) * sum over all i, j of (a_i-b_j)^2),
     * the usual 1 - sum(w*observed) / sum(w*expected) with weights (i-j)^2 and expected agreement from the two
     * raters' histograms (the weights' scale cancels, so the declared range of the scale does not matter).
     */
    public static double quadraticWeightedKappa(List<Pair<Integer>> pairs) {
        int n = pairs.size();
        if (n == 0) {
            return Double.NaN;
        }
        double observed = 0;
        double sumA = 0;
        double sumB = 0;
        double squaresA = 0;
        double squaresB = 0;
        for (Pair<Integer> p : pairs) {
            double a = p.first();
            double b = p.second();
            observed += (a - b) * (a - b);
            sumA += a;
            sumB += b;
            squaresA += a * a;
            squaresB += b * b;
        }
        double expected = squaresA + squaresB - 2 * sumA * sumB / n;
        return expected == 0 ? Double.NaN : 1 - observed / expected;
    }

    /** Spearman's rho: Pearson's correlation of the ranks, tied values sharing their average rank. */
    public static double spearman(List<Pair<Integer>> pairs) {
        int n = pairs.size();
        if (n < 2) {
            return Double.NaN;
        }
        double[] a = ranks(pairs.stream().mapToDouble(Pair::first).toArray());
        double[] b = ranks(pairs.stream().mapToDouble(Pair::second).toArray());
        double meanA = Arrays.stream(a).average().orElse(0);
        double meanB = Arrays.stream(b).average().orElse(0);
        double cov = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < n; i++) {
            cov += (a[i] - meanA) * (b[i] - meanB);
            varA += (a[i] - meanA) * (a[i] - meanA);
            varB += (b[i] - meanB) * (b[i] - meanB);
        }
        return varA == 0 || varB == 0 ? Double.NaN : cov / Math.sqrt(varA * varB);
    }

    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double[] ranks = new double[values.length];
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double average = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++) {
                ranks[order[i]] = average;
            }
            start = end + 1;
        }
        return ranks;
    }

}
