package dev.cvalues.report.compare;

import dev.cvalues.report.scorecard.WilsonInterval;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Two runs' proportions on the same metric: the difference (candidate - base), Newcombe's 95% interval for it
 * (from the two Wilson intervals, hybrid score method), and the two-sided two-proportion z-test with the
 * pooled proportion. Holm's correction keeps the chance of any false "changed" at alpha over a family of
 * comparisons (the categories of one scorer's metric).
 */
public final class ProportionTest {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    private ProportionTest() {
    }

    public record Result(double base, double candidate, double difference, double low, double high, double z,
            double pValue) {
    }

    public static Result compare(double baseSuccesses, long baseN, double candidateSuccesses, long candidateN) {
        double p1 = baseSuccesses / baseN;
        double p2 = candidateSuccesses / candidateN;
        double d = p2 - p1;
        WilsonInterval w1 = WilsonInterval.of95(baseSuccesses, baseN);
        WilsonInterval w2 = WilsonInterval.of95(candidateSuccesses, candidateN);
        double low = d - Math.sqrt(sq(p2 - w2.low()) + sq(w1.high() - p1));
        double high = d + Math.sqrt(sq(w2.high() - p2) + sq(p1 - w1.low()));
        double pooled = (baseSuccesses + candidateSuccesses) / (baseN + candidateN);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / baseN + 1.0 / candidateN));
        double z = se == 0 ? 0 : d / se;
        double p = se == 0 ? 1 : 2 * NORMAL.cumulativeProbability(-Math.abs(z));
        return new Result(p1, p2, d, low, high, z, p);
    }

    /** Holm-Bonferroni adjusted p-values, in the order given: reject where adjusted < alpha. */
    public static double[] holm(double[] pValues) {
        int m = pValues.length;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order.get(rank);
            running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    private static double sq(double x) {
        return x * x;
    }
}
