package dev.cvalues.report.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionTestTest {

    @Test
    void twoProportionZTestMatchesTheChiSquareTestWithoutContinuityCorrection() {
        // 90/100 against 80/100: X-squared = 3.9216, p = 0.04767 (z = -1.9803)
        ProportionTest.Result r = ProportionTest.compare(90, 100, 80, 100);
        assertThat(r.difference()).isCloseTo(-0.1, within(1e-12));
        assertThat(r.z() * r.z()).isCloseTo(3.9216, within(1e-4));
        assertThat(r.pValue()).isCloseTo(0.04767, within(1e-5));
    }

    @Test
    void differenceIntervalIsNewcombesHybridScoreInterval() {
        // Newcombe (1998), method 10: 56/70 against 48/80, difference 0.2, interval 0.0524 to 0.3339
        ProportionTest.Result r = ProportionTest.compare(48, 80, 56, 70);
        assertThat(r.difference()).isCloseTo(0.2, within(1e-12));
        assertThat(r.low()).isCloseTo(0.0524, within(1e-4));
        assertThat(r.high()).isCloseTo(0.3339, within(1e-4));
    }

    @Test
    void identicalProportionsAreNoChangeEvenAtTheEdges() {
        assertThat(ProportionTest.compare(50, 50, 50, 50).pValue()).isEqualTo(1.0);
        assertThat(ProportionTest.compare(0, 30, 0, 40).pValue()).isEqualTo(1.0);
    }

    @Test
    void welchTestOfScaleMeansAgreesWithAnIndependentImplementation() {
        double[] base = {1, 2, 3, 4, 5};
        double[] candidate = {2, 4, 6, 8, 10};
        // means 3 and 6, variances 2.5 and 10: t = 3 / sqrt(0.5 + 2) = 1.8974, Welch df = 5.882
        ProportionTest.Result r = ProportionTest.compareMeans(5, 15, 55, 5, 30, 220);
        assertThat(r.difference()).isEqualTo(3.0);
        assertThat(r.z()).isCloseTo(3 / Math.sqrt(2.5), within(1e-12));
        assertThat(r.pValue()).isCloseTo(new org.apache.commons.math3.stat.inference.TTest().tTest(base, candidate),
                within(1e-9)).isCloseTo(0.1074, within(1e-3));
        double half = new org.apache.commons.math3.distribution.TDistribution(6.25 / (0.25 / 4 + 4.0 / 4))
                .inverseCumulativeProbability(0.975) * Math.sqrt(2.5);
        assertThat(r.low()).isCloseTo(3 - half, within(1e-9));
        assertThat(r.high()).isCloseTo(3 + half, within(1e-9));
        // no spread at all: equal means are no change, different ones certainly are
        assertThat(ProportionTest.compareMeans(3, 21, 147, 3, 21, 147).pValue()).isEqualTo(1.0);
        assertThat(ProportionTest.compareMeans(3, 21, 147, 3, 24, 192).pValue()).isZero();
    }

    @Test
    void holmAdjustsInStepsAndKeepsTheOrder() {
        // sorted 0.01 (x3 = 0.03), 0.03 (x2 = 0.06), 0.04 (x1 = 0.04, raised to 0.06)
        assertThat(ProportionTest.holm(new double[] {0.01, 0.04, 0.03})).containsExactly(0.03, 0.06, 0.06);
        assertThat(ProportionTest.holm(new double[] {0.5, 0.9})).containsExactly(1.0, 1.0);
    }

    @Test
    void aChangeNeedsSignificanceSizeAndADirection() {
        ProportionTest.Result worse = ProportionTest.compare(90, 100, 60, 100);
        assertThat(CompareQuery.change(worse, 1e-6, "higher", 0.05, 0)).isEqualTo("regressed");
        assertThat(CompareQuery.change(worse, 1e-6, "lower", 0.05, 0)).isEqualTo("improved");
        assertThat(CompareQuery.change(worse, 1e-6, "none", 0.05, 0)).isEqualTo("changed");
        assertThat(CompareQuery.change(worse, 0.2, "higher", 0.05, 0)).isEqualTo("unchanged");
        assertThat(CompareQuery.change(worse, 1e-6, "higher", 0.05, 0.5)).isEqualTo("unchanged");
    }
}
