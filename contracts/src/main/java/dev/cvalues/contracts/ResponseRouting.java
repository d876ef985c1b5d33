package dev.cvalues.contracts;

import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.ResponseEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a consumer of cvalues.responses or cvalues.judge.responses needs to know whether a response is for it,
 * carried in the record's headers as well as in the event: a scorer that does not apply skips the response
 * without decoding it. The event stays the record: a record without these headers (or with headers that
 * cannot be read) is decoded as before.
 *
 * @param outcome       the response's outcome
 * @param kind          the item's kind
 * @param choices       the item's choices (empty when it has none)
 * @param backfillFor   the one scorer a backfill is for, or null
 * @param judgingScorer the judge scorer a judge's answer is for, or null
 */
public record ResponseRouting(ResponseEvent.Outcome outcome, ItemKind kind, List<String> choices, String backfillFor,
        String judgingScorer) {

    public static final String OUTCOME = "cvalues-outcome";
    public static final String KIND = "cvalues-kind";
    /** The choices joined by U+001F, which no choice label contains (else the record carries no routing). */
    public static final String CHOICES = "cvalues-choices";
    public static final String BACKFILL_FOR = "cvalues-backfill-for";
    public static final String JUDGING = "cvalues-judging";
    private static final String SEPARATOR = "\u001f";

    /** The routing of an event. */
    public static ResponseRouting of(ResponseEvent e) {
        return new ResponseRouting(e.outcome(), e.item().kind(), e.item().choices() == null ? List.of() : e.item().choices(),
                e.backfillFor(), e.judging() == null ? null : e.judging().scorerId());
    }

    /** Header name to value, the optional ones only when set; none at all when a choice cannot be carried. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (choices.stream().anyMatch(c -> c == null || c.isEmpty() || c.contains(SEPARATOR))) {
            return headers;
        }
        headers.put(OUTCOME, outcome == ResponseEvent.Outcome.OK ? "ok" : "failed");
        headers.put(KIND, kind.wireName());
        headers.put(CHOICES, String.join(SEPARATOR, choices));
        if (backfillFor != null) {
            headers.put(BACKFILL_FOR, backfillFor);
        }
        if (judgingScorer != null) {
            headers.put(JUDGING, judgingScorer);
        }
        return headers;
    }

    /**
     * @param header a header's value by name, null when absent
     * @return the routing, or null when the record carries none that can be read: decode the event then
     */
    public static ResponseRouting read(Function<String, String> header) {
        String outcome = header.apply(OUTCOME);
        String kind = header.apply(KIND);
        String choices = header.apply(CHOICES);
        if (outcome == null || kind == null || choices == null) {
            return null;
        }
        ResponseEvent.Outcome o = switch (outcome) {
            case "ok" -> ResponseEvent.Outcome.OK;
            case "failed" -> ResponseEvent.Outcome.FAILED;
            default -> null;
        };
        ItemKind k = switch (kind) {
            case "open" -> ItemKind.OPEN;
            case "multiple_choice" -> ItemKind.MULTIPLE_CHOICE;
            default -> null;
        };
        if (o == null || k == null) {
            return null;
        }
        return new ResponseRouting(o, k, choices.isEmpty() ? List.of() : List.of(choices.split(SEPARATOR, -1)),
                header.apply(BACKFILL_FOR), header.apply(JUDGING));
    }

    /** Whether a scorer that applies to items like this one ({@code applies}) has to read the response. */
    public boolean forScorer(String scorerId, boolean applies) {
        return outcome == ResponseEvent.Outcome.OK && (backfillFor == null || backfillFor.equals(scorerId)) && applies;
    }
}
