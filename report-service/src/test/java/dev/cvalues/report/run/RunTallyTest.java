package dev.cvalues.report.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class RunTallyTest {

    @Test
    void anyNameIsASafeFieldNameThatReadsBackAsItself() {
        for (String name : List.of("mc-official", "a.b", "$x", "回复1", "", "~", "a!b", "USD", "a~0041")) {
            String field = RunTally.escape(name);
            assertThat(field).matches("[A-Za-z0-9_~-]+");
            assertThat(RunTally.unescape(field)).isEqualTo(name);
        }
        assertThat(RunTally.escape("a.b")).isNotEqualTo(RunTally.escape("a_b"));
        RunTally.Shape shape = new RunTally.Shape("multiple_choice", List.of("回复1", "a!b", ""));
        assertThat(RunTally.Shape.of(shape.key())).isEqualTo(shape);
        assertThat(RunTally.Shape.of(new RunTally.Shape("open", null).key())).isEqualTo(new RunTally.Shape("open", List.of()));
    }

    @Test
    void aChangedAnswerMovesBetweenCountsAndAnUnchangedOneCountsNothing() {
        RunTally.Shape shape = new RunTally.Shape("multiple_choice", List.of("回复1", "回复2"));
        RunTally.Answer failed = new RunTally.Answer(false, shape, false, null, 0);
        RunTally.Answer ok = new RunTally.Answer(true, shape, true, "USD", 0.25);
        RunTally.Delta delta = new RunTally.Delta();
        delta.answer("r", null, failed);
        delta.answer("r", failed, ok);
        delta.answer("r", ok, ok);
        delta.score("r", "mc-official", false, null, 0, null, 0);
        delta.score("r", "mc-official", true, null, 0, null, 0);
        delta.score("r", "judge", false, null, 0, "USD", 0.5);
        delta.score("r", "judge", true, "USD", 0.5, "USD", 0.75);
        delta.scoredItem("r");

        RunTally t = RunTally.of(new Document(RunTally.FIELD, apply(delta.byRun().get("r"))));
        assertThat(t.responded).isEqualTo(1);
        assertThat(t.failed).isZero();
        assertThat(t.cached).isEqualTo(1);
        assertThat(t.cost).containsEntry("USD", 0.25);
        assertThat(t.okByShape).containsEntry(shape, 1L);
        assertThat(t.scoredBy).containsEntry("mc-official", 1L).containsEntry("judge", 1L);
        assertThat(t.scoreCost.get("judge")).containsEntry("USD", 0.75);
        assertThat(t.scoredItems).isEqualTo(1);
        assertThat(RunTally.of(new Document(RunTally.FIELD, t.toDocument())).sameCounts(t)).isTrue();
    }

    /** What MongoDB's $inc makes of these dotted paths on an empty tally. */
    private static Document apply(Document inc) {
        Document tally = new Document();
        inc.forEach((path, n) -> {
            String[] parts = path.substring(RunTally.FIELD.length() + 1).split("\\.");
            Document at = tally;
            for (int i = 0; i < parts.length - 1; i++) {
                at = (Document) at.computeIfAbsent(parts[i], k -> new Document());
            }
            at.merge(parts[parts.length - 1], n, (a, b) -> a instanceof Double || b instanceof Double
                    ? ((Number) a).doubleValue() + ((Number) b).doubleValue() : ((Number) a).longValue() + ((Number) b).longValue());
        });
        return tally;
    }
}
