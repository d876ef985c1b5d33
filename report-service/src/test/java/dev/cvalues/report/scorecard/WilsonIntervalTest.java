package dev.cvalues.report.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {

    @Test
    void matchesTheClosedFormOnKnownValues() {
        assertInterval(WilsonInterval.of95(8, 10), 0.490162, 0.943318);
        assertInterval(WilsonInterval.of95(2, 4), 0.150039, 0.849961);
    }

    @Test
    void staysInsideZeroAndOneAtTheEdges() {
        assertInterval(WilsonInterval.of95(0, 10), 0.0, 0.277533);
        assertInterval(WilsonInterval.of95(36, 36), 0.903581, 1.0);
    }

    @Test
    void hasNoIntervalWithoutItems() {
        assertThat(WilsonInterval.of95(0, 0)).isNull();
    }

    private static void assertInterval(WilsonInterval ci, double low, double high) {
        assertThat(ci.low()).isCloseTo(low, within(1e-6));
        assertThat(ci.high()).isCloseTo(high, within(1e-6));
    }
}
