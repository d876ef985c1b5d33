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
