package dev.cvalues.prompts.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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

    @Test
    void sameSeedSameSampleWhateverTheReadingOrder() {
        List<String> units = unitsPerItem();
        SampleSelector.Sample first = SampleSelector.select(30, 7, sink -> units.forEach(sink));
        List<String> shuffled = new ArrayList<>(units);
        Collections.shuffle(shuffled, new Random(1));
        SampleSelector.Sample second = SampleSelector.select(30, 7, sink -> shuffled.forEach(sink));
        assertThat(second).isEqualTo(first);
        assertThat(SampleSelector.select(30, 8, sink -> units.forEach(sink)).units()).isNotEqualTo(first.units());
    }

    @Test
    void holdsTheRequestedItemsOrOneMoreWhenAPairClosesIt() {
        List<String> units = unitsPerItem();
        for (int size = 1; size <= 200; size += 7) {
            SampleSelector.Sample sample = SampleSelector.select(size, 42, sink -> units.forEach(sink));
            int expected = Math.min(size, units.size());
            assertThat(sample.items()).as("size %d", size).isBetween(expected, expected + 1);
            int counted = sample.units().stream().mapToInt(u -> u.startsWith("pair") ? 2 : 1).sum();
            assertThat(counted).isEqualTo(sample.items());
        }
    }
}
