package dev.cvalues.prompts.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleSelectorTest {

    /** 100 open items and 50 pairs (two items each), as unit ids per item. */
    static List<String> unitsPerItem() {
        List<String> units = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            units.add("open-" + i);
        }
        for (int i = 0; i < 50; i++) {
            units.add("pair-" + i);
            units.add("pair-" + i);
        }
        return units;
    }

    static List<String> sampledItems(SampleSelector selector, SampleSelector.Cutoff cutoff, List<String> units) {
        return units.stream().filter(u -> selector.inSample(u, cutoff)).toList();
    }

    @Test
    void sameSeedSameSampleWhateverTheReadingOrder() {
        List<String> units = unitsPerItem();
        SampleSelector.Cutoff first = new SampleSelector(7).choose(30, sink -> units.forEach(sink));
        List<String> shuffled = new ArrayList<>(units);
        Collections.shuffle(shuffled, new Random(1));
        SampleSelector.Cutoff second = new SampleSelector(7).choose(30, sink -> shuffled.forEach(sink));
        assertThat(second).isEqualTo(first);
        SampleSelector.Cutoff otherSeed = new SampleSelector(8).choose(30, sink -> units.forEach(sink));
        assertThat(Set.copyOf(sampledItems(new SampleSelector(8), otherSeed, units)))
                .isNotEqualTo(Set.copyOf(sampledItems(new SampleSelector(7), first, units)));
    }

    @Test
    void holdsTheRequestedItemsOrOneMoreWhenAPairClosesItAndKeepsPairsWhole() {
        List<String> units = unitsPerItem();
        for (int size = 1; size <= 210; size += 7) {
            SampleSelector selector = new SampleSelector(42);
            SampleSelector.Cutoff cutoff = selector.choose(size, sink -> units.forEach(sink));
            List<String> sampled = sampledItems(selector, cutoff, units);
            int expected = Math.min(size, units.size());
            assertThat(sampled).as("size %d", size).hasSize(cutoff.items());
            assertThat(cutoff.items()).as("size %d", size).isBetween(expected, expected + 1);
            Set<String> pairs = new LinkedHashSet<>(sampled.stream().filter(u -> u.startsWith("pair")).toList());
            assertThat(sampled.stream().filter(u -> u.startsWith("pair")).count()).isEqualTo(2L * pairs.size());
        }
    }
}
