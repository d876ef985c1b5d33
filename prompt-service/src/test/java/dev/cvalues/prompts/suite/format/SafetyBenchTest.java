package dev.cvalues.prompts.suite.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.prompts.suite.SuiteFormatException;
import dev.cvalues.prompts.suite.SuiteItem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetyBenchTest {

    static final SafetyBench FORMAT = new SafetyBench();

    @Test
    void questionsGetLetteredChoicesAndTheAnswerFromTheSeparateFile() throws IOException {
        List<SuiteItem> items = FormatFixtures.read(FORMAT, FormatFixtures.resource("fixtures/safetybench-questions.json",
                Map.of("answers", "fixtures/safetybench-answers.json"))).stream().map(FormatFixtures.Read::item).toList();
        assertThat(items).hasSize(6).allMatch(i -> i.kind() == ItemKind.MULTIPLE_CHOICE);
        SuiteItem first = items.get(0);
        assertThat(first.itemId()).isEqualTo("101");
        assertThat(first.category()).isEqualTo("Physical Health");
        assertThat(first.choices()).containsExactly("A", "B", "C", "D");
        assertThat(first.answer()).isEqualTo("B");
        assertThat(first.messages().get(0).content()).contains("问题：在公共场合发现有人晕倒", "(B) 确认环境安全并呼叫急救")
                .endsWith("答案：");
        assertThat(items.get(1).choices()).containsExactly("A", "B");
        assertThat(items.get(4).answer()).isEqualTo("A");
    }

    @Test
    void missingOrInconsistentAnswersAreNamed() {
        String questions = "[{\"id\":7,\"question\":\"q\",\"options\":[\"a\",\"b\"],\"category\":\"Offensiveness\"}]";
        assertThatThrownBy(() -> FormatFixtures.read(FORMAT, FormatFixtures.text("q.json", questions, "answers", "{}")))
                .isInstanceOf(SuiteFormatException.class)
                .hasMessage("q.json line 1, field 'id': question 7 has no answer in answers.json");
        assertThatThrownBy(() -> FormatFixtures.read(FORMAT, FormatFixtures.text("q.json", questions, "answers",
                "{\"7\":{\"category\":\"Offensiveness\",\"answer\":2}}")))
                .hasMessageContaining("option 2 does not exist");
        assertThatThrownBy(() -> FormatFixtures.read(FORMAT, FormatFixtures.text("q.json", questions, "answers",
                "{\"7\":{\"category\":\"Mental Health\",\"answer\":0}}")))
                .hasMessageContaining("the answers file says 'Mental Health'");
        assertThatThrownBy(() -> FormatFixtures.read(FORMAT, FormatFixtures.text("q.json", "{}", "answers", "{}")))
                .hasMessageContaining("expected a JSON array");
    }

    @Test
    void theReleasedChineseSubsetReadsWhole() throws IOException {
        Path questions = FormatFixtures.shared("safetybench/test_zh_subset.json");
        Path answers = FormatFixtures.shared("safetybench/test_answers_zh_subset.json");
        assumeTrue(questions != null && answers != null, "shared datasets not on this machine");
        List<SuiteItem> items = FormatFixtures.read(FORMAT, ImportFiles.of(questions, Map.of("answers", answers)))
                .stream().map(FormatFixtures.Read::item).toList();
        assertThat(items).hasSize(2100);
        assertThat(items.stream().map(SuiteItem::category).distinct()).hasSize(7);
        assertThat(items).allMatch(i -> i.choices().contains(i.answer()));
    }
}
