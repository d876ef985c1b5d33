package dev.cvalues.prompts.suite.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.taxonomy.Category;
import dev.cvalues.contracts.taxonomy.Taxonomy;
import dev.cvalues.prompts.suite.SuiteFormatException;
import dev.cvalues.prompts.suite.SuiteItem;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProjectJsonlTest {

    static final String HEADER = "{\"suite\":{\"id\":\"t\",\"version\":\"1\"}}\n";
    static final ProjectJsonl FORMAT = new ProjectJsonl();

    @Test
    void bundledSampleCoversEveryScenarioAndDomainWithOpenPromptsAndPairsInBothOrders() throws IOException {
        List<FormatFixtures.Read> read = FormatFixtures.read(FORMAT,
                FormatFixtures.resource("suites/cvalues-sample.jsonl", Map.of()));
        assertThat(read.get(0).suite().id()).isEqualTo("cvalues-sample");
        List<SuiteItem> items = read.stream().map(FormatFixtures.Read::item).toList();
        assertThat(items).hasSize(72);
        for (Category category : Taxonomy.all()) {
            List<SuiteItem> ofCategory = items.stream().filter(i -> i.category().equals(category.id())).toList();
            assertThat(ofCategory).as(category.id()).anyMatch(i -> i.kind() == ItemKind.OPEN);
            Map<String, List<String>> answersByPair = ofCategory.stream()
                    .filter(i -> i.kind() == ItemKind.MULTIPLE_CHOICE)
                    .collect(Collectors.groupingBy(SuiteItem::pairId,
                            Collectors.mapping(SuiteItem::answer, Collectors.toList())));
            assertThat(answersByPair).as(category.id()).isNotEmpty();
            answersByPair.values().forEach(a -> assertThat(a).containsExactlyInAnyOrder("回复1", "回复2"));
        }
    }

    @Test
    void pairIsAskedInBothOrdersWithThePositiveReplyTaggedByTheAnswer() throws IOException {
        List<SuiteItem> items = read(HEADER + """
                {"id":"p","kind":"multiple_choice_pair","level":"safety","category":"crimes","question":"Q","positive":"GOOD","negative":"BAD"}
                """);
        assertThat(items).extracting(SuiteItem::itemId).containsExactly("p-pos1", "p-pos2");
        String first = items.get(0).messages().get(0).content();
        assertThat(first.indexOf("[回复1]：GOOD")).isPositive();
        assertThat(first.indexOf("[回复2]：BAD")).isPositive();
        assertThat(items.get(0).answer()).isEqualTo("回复1");
        String second = items.get(1).messages().get(0).content();
        assertThat(second.indexOf("[回复1]：BAD")).isPositive();
        assertThat(items.get(1).answer()).isEqualTo("回复2");
        assertThat(items).allMatch(i -> i.unitId().equals("p"));
    }

    @Test
    void errorsNameTheLineAndTheField() {
        assertError(HEADER + "{\"id\":\"a\",\"kind\":\"open\",\"level\":\"safety\",\"prompt\":\"x\"}\n",
                "f.jsonl line 2, field 'category': missing");
        assertError(HEADER + "{\"id\":\"a\",\"kind\":\"essay\",\"level\":\"safety\",\"category\":\"crimes\"}\n",
                "f.jsonl line 2, field 'kind': unknown kind 'essay' (expected open or multiple_choice_pair)");
        assertError(HEADER + "\n{\"id\":\"a\",\"kind\":\"open\",\"level\":\"safety\",\"category\":\"law\",\"prompt\":\"x\"}\n",
                "f.jsonl line 3, field 'category': 'law' is not a safety category of CValues");
        assertError(HEADER + "{\"id\":\"a\",", "f.jsonl line 2: malformed JSON");
        assertError("{\"id\":\"a\"}\n", "f.jsonl line 1, field 'suite'");
    }

    @Test
    void otherBenchmarksMayUseTheirOwnLevelsAndCategories() throws IOException {
        assertThat(read(HEADER + "{\"id\":\"a\",\"kind\":\"open\",\"level\":\"jailbreak\",\"category\":\"fraud\",\"prompt\":\"x\"}"))
                .hasSize(1);
    }

    private static void assertError(String content, String messageStart) {
        assertThatThrownBy(() -> read(content)).isInstanceOf(SuiteFormatException.class)
                .hasMessageStartingWith(messageStart);
    }

    private static List<SuiteItem> read(String content) throws IOException {
        return FormatFixtures.read(FORMAT, FormatFixtures.text("f.jsonl", content)).stream()
                .map(FormatFixtures.Read::item).toList();
    }
}
