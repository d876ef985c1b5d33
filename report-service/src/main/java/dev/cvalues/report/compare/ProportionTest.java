package dev.cvalues.report.compare;

import dev.cvalues.report.scorecard.WilsonInterval;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Two runs' proportions on the same metric: the difference (candidate - base), Newcombe's 95% interval for it
 * (from the two Wilson intervals, hybrid score method), and the two-sided two-proportion z-test with the
 * pooled proportion. Holm's correction keeps the chance of any false "changed" at alpha over a family of
 * comparisons (the categories of one scorer's metric). Scale metrics (1-10 scores) get Welch's t-test instead.
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

    /**
     * Welch's t-test of two means from their n, sums and sums of squares: difference (candidate - base), its 95%
     * interval from the t distribution with Welch-Satterthwaite degrees of freedom, and the two-sided p-value.
     */
    public static Result compareMeans(long baseN, double baseSum, double baseSquares, long candidateN,
            double candidateSum, double candidateSquares) {
        double m1 = baseSum / baseN;
        double m2 = candidateSum / candidateN;
        double v1 = Math.max(0, (baseSquares - baseN * m1 * m1) / (baseN - 1)) / baseN;
        double v2 = Math.max(0, (candidateSquares - candidateN * m2 * m2) / (candidateN - 1)) / candidateN;
        double d = m2 - m1;
        double se = Math.sqrt(v1 + v2);
        if (se == 0) {
            return new Result(m1, m2, d, d, d, 0, d == 0 ? 1 : 0);
        }
        double df = sq(v1 + v2) / (sq(v1) / (baseN - 1) + sq(v2) / (candidateN - 1));
        TDistribution t = new TDistribution(df);
        double half = t.inverseCumulativeProbability(0.975) * se;
        return new Result(m1, m2, d, d - half, d + half, d / se, 2 * t.cumulativeProbability(-Math.abs(d / se)));
    }

    private static double sq(double x) {
        return x * x;
    }
}
