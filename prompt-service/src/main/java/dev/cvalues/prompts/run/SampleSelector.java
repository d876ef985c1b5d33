package dev.cvalues.prompts.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A seeded sample of a suite that never loads the suite. Units (a multiple-choice pair, or a single item)
 * are ranked by the first 8 bytes of SHA-256("seed:unitId"); the sample is every unit ranked at or below a
 * cutoff, the lowest cutoff that gives at least the requested number of items. Choosing the cutoff keeps
 * only the requested number of candidates in memory; publishing then streams the suite and keeps the items
 * whose unit is within the cutoff. The result does not depend on the order items are read in.
 */
public final class SampleSelector {

    /** The sample: units ranked at or below ({@code rank}, {@code unit}); {@code items} in it. */
    public record Cutoff(long rank, String unit, int items) {
    }

    private record Ranked(long rank, String unit) {
    }

    private static final Comparator<Ranked> ORDER =
            Comparator.comparingLong(Ranked::rank).thenComparing(Ranked::unit);

    private final long seed;
    private final MessageDigest sha256;

    public SampleSelector(long seed) {
        this.seed = seed;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Chooses the cutoff for a sample of at least {@code size} items (all items when the suite is smaller).
     *
     * @param unitIdsOfItems streams the suite, calling the consumer once per item with the item's unit id
     */
    public Cutoff choose(int size, Consumer<Consumer<String>> unitIdsOfItems) {
        if (size < 1) {
            throw new IllegalArgumentException("sample size must be at least 1");
        }
        TreeSet<Ranked> kept = new TreeSet<>(ORDER);
        Map<String, Integer> itemsPerUnit = new HashMap<>();
        unitIdsOfItems.accept(unit -> {
            Integer count = itemsPerUnit.get(unit);
            if (count != null) {
                itemsPerUnit.put(unit, count + 1);
                return;
            }
            Ranked candidate = new Ranked(rank(unit), unit);
            if (kept.size() < size) {
                kept.add(candidate);
                itemsPerUnit.put(unit, 1);
            } else if (ORDER.compare(candidate, kept.last()) < 0) {
                itemsPerUnit.remove(kept.pollLast().unit());
                kept.add(candidate);
                itemsPerUnit.put(unit, 1);
            }
        });
        int items = 0;
        Ranked last = null;
        for (Ranked r : kept) {
            if (items >= size) {
                break;
            }
            items += itemsPerUnit.get(r.unit());
            last = r;
        }
        if (last == null) {
            throw new IllegalArgumentException("the suite has no items to sample");
        }
        return new Cutoff(last.rank(), last.unit(), items);
    }

    /** Whether a unit belongs to the sample {@code cutoff} describes. */
    public boolean inSample(String unit, Cutoff cutoff) {
        return ORDER.compare(new Ranked(rank(unit), unit), new Ranked(cutoff.rank(), cutoff.unit())) <= 0;
    }

    long rank(String unit) {
        byte[] hash = sha256.digest((seed + ":" + unit).getBytes(StandardCharsets.UTF_8));
        long rank = 0;
        for (int i = 0; i < 8; i++) {
            rank = (rank << 8) | (hash[i] & 0xff);
        }
        return rank;
    }
}
