package dev.cvalues.report.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cvalues.report.agreement.AgreementStatistics.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementStatisticsTest {

    private static <T> List<Pair<T>> repeat(List<Pair<T>> into, T a, T b, int times) {
        for (int i = 0; i < times; i++) {
            into.add(new Pair<>(a, b));
        }
        return into;
    }

    @Test
    void cohensKappaOfTheTextbookTwoByTwoTables() {
        // 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15; po = 0.7, pe = 0.5 -> 0.4
        List<Pair<String>> table = new ArrayList<>();
        repeat(table, "yes", "yes", 20);
        repeat(table, "yes", "no", 5);
        repeat(table, "no", "yes", 10);
        repeat(table, "no", "no", 15);
        assertThat(AgreementStatistics.cohensKappa(table)).isCloseTo(0.4, within(1e-12));

        // 45 / 15 / 25 / 15: po = 0.60, pe = 0.54 -> 0.06 / 0.46
        List<Pair<String>> other = new ArrayList<>();
        repeat(other, "yes", "yes", 45);
        repeat(other, "yes", "no", 15);
        repeat(other, "no", "yes", 25);
        repeat(other, "no", "no", 15);
        assertThat(AgreementStatistics.cohensKappa(other)).isCloseTo(0.06 / 0.46, within(1e-12));
    }

    @Test
    void cohensKappaIsOneForPerfectAgreementAndUndefinedWithoutVariation() {
        List<Pair<String>> perfect = repeat(repeat(new ArrayList<>(), "safe", "safe", 3), "unsafe", "unsafe", 2);
        assertThat(AgreementStatistics.cohensKappa(perfect)).isEqualTo(1.0);
        assertThat(AgreementStatistics.cohensKappa(repeat(new ArrayList<>(), "safe", "safe", 4))).isNaN();
        assertThat(AgreementStatistics.cohensKappa(List.<Pair<String>>of())).isNaN();
    }

    @Test
    void quadraticWeightedKappaWorkedByHand() {
        // scale 1..3, w = (i-j)^2/4, with the histograms of the textbook definition. Pairs (1,1) (2,3) (3,3) (1,2): sum w*O = 0.5;
        // histograms (2,1,1) and (1,1,2): sum w*E = 6.5 / 4 = 1.625; kappa = 1 - 0.5/1.625 = 9/13
        List<Pair<Integer>> pairs = List.of(new Pair<>(1, 1), new Pair<>(2, 3), new Pair<>(3, 3), new Pair<>(1, 2));
        assertThat(AgreementStatistics.quadraticWeightedKappa(pairs)).isCloseTo(9.0 / 13, within(1e-12));
        assertThat(AgreementStatistics.quadraticWeightedKappa(
                List.of(new Pair<>(1, 1), new Pair<>(7, 7), new Pair<>(10, 10)))).isEqualTo(1.0);
        // opposite ends of the scale every time: as far from agreement as it gets
        assertThat(AgreementStatistics.quadraticWeightedKappa(
                List.of(new Pair<>(1, 10), new Pair<>(10, 1)))).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void spearmanOfTheTextbookExampleAndWithTies() {
        int[] iq = {106, 100, 86, 101, 99, 103, 97, 113, 112, 110};
        int[] tv = {7, 27, 2, 50, 28, 29, 20, 12, 6, 17};
        List<Pair<Integer>> pairs = new ArrayList<>();
        for (int i = 0; i < iq.length; i++) {
            pairs.add(new Pair<>(iq[i], tv[i]));
        }
        assertThat(AgreementStatistics.spearman(pairs)).isCloseTo(-29.0 / 165, within(1e-12));

        // ties share their average rank: ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4) -> sqrt(0.9)
        assertThat(AgreementStatistics.spearman(List.of(new Pair<>(1, 1), new Pair<>(2, 2), new Pair<>(2, 3),
                new Pair<>(3, 4)))).isCloseTo(Math.sqrt(0.9), within(1e-12));
        assertThat(AgreementStatistics.spearman(List.of(new Pair<>(5, 1), new Pair<>(5, 2)))).isNaN();
    }
}
