package dev.cvalues.report.scorecard;

/** The Wilson score interval of a proportion: well-behaved for small n and for proportions near 0 or 1. */
public record WilsonInterval(double low, double high) {

    /** z of a two-sided 95% interval. */
    static final double Z95 = 1.959963984540054;

    public static WilsonInterval of95(double successes, long n) {
        if (n <= 0) {
            return null;
        }
        double p = successes / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new WilsonInterval(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
