package dev.cvalues.prompts.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A seeded sample of a suite that never loads the suite: units (a multiple-choice pair, or a single item)
 * are ranked by the first 8 bytes of SHA-256("seed:unitId") and the lowest are taken until the sample holds
 * at least the requested number of items. Memory grows with the sample size, not the suite size, and the
 * result does not depend on the order items are read in.
 */
public final class SampleSelector {

    public record Sample(List<String> units, int items) {
    }

    private record Ranked(long rank, String unit) {
    }

    private static final Comparator<Ranked> ORDER =
            Comparator.comparingLong(Ranked::rank).thenComparing(Ranked::unit);

    private final int size;
    private final long seed;
    private final TreeSet<Ranked> kept = new TreeSet<>(ORDER);
    private final Map<String, Integer> itemsPerUnit = new HashMap<>();
    private final MessageDigest sha256;

    public SampleSelector(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("sample size must be at least 1");
        }
        this.size = size;
        this.seed = seed;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Selects from a stream that calls the consumer once per item with the item's unit id. */
    public static Sample select(int size, long seed, Consumer<Consumer<String>> unitIdsOfItems) {
        SampleSelector selector = new SampleSelector(size, seed);
        unitIdsOfItems.accept(selector::offer);
        return selector.result();
    }

    void offer(String unit) {
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
    }

    Sample result() {
        List<String> units = new ArrayList<>();
        int items = 0;
        for (Ranked r : kept) {
            if (items >= size) {
                break;
            }
            units.add(r.unit());
            items += itemsPerUnit.get(r.unit());
        }
        return new Sample(units, items);
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
