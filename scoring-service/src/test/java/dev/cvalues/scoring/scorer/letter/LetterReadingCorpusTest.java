package dev.cvalues.scoring.scorer.letter;

import dev.cvalues.scoring.scorer.ReadingCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * mc-letter against the team's corpus of realistic answers to lettered items (corpus/mc-letter*.jsonl: 2-4 options,
 * Chinese and English, each labelled with the letter a careful person reads, or Unanswered).
 */
class LetterReadingCorpusTest {

    @Test
    void theLetterIsReadAsACarefulPersonReadsIt() {
        List<ReadingCorpus.Line> lines = ReadingCorpus.load("mc-letter.jsonl", "mc-letter-mixed.jsonl",
                "mc-letter-formats.jsonl");
        ReadingCorpus.measure("mc-letter", lines, l -> {
            List<String> choices = new ArrayList<>();
            l.node().get("choices").forEach(c -> choices.add(c.asText()));
            return LetterExtractorTest.EXTRACTOR.extract(l.text(), choices).choice();
        }, Set.of(LetterExtractor.UNANSWERED)).holdsTo(0.98, 0.01);
    }
}
