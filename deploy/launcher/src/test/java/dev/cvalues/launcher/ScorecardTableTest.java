package dev.cvalues.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ScorecardTableTest {

    @Test
    void alignsChineseNamesAndShowsEachMetricWithItsDenominator() throws Exception {
        String table = ScorecardTable.render(new ObjectMapper().readTree("""
                {"rows":[
                 {"suite":"s","suiteVersion":"1","category":"all","scorer":"mc-official","scorerVersion":"1",
                  "metric":"acc","value":0.5,"n":4,"counts":{"Refuse":1,"回复1":2,"回复2":1}},
                 {"suite":"s","suiteVersion":"1","category":"all","scorer":"mc-official","scorerVersion":"1",
                  "metric":"acc_star","value":0.6667,"n":3,"counts":{"Refuse":1,"回复1":2,"回复2":1}},
                 {"suite":"s","suiteVersion":"1","level":"safety","category":"crimes","scorer":"mc-official",
                  "scorerVersion":"1","metric":"acc","value":0.5,"n":4,"counts":{"Refuse":1,"回复1":2,"回复2":1}}]}"""));
        String[] lines = table.split("\n");
        assertThat(lines[0]).contains("suite s 1 · scorer mc-official 1");
        assertThat(lines[1]).containsSubsequence("category", "level", "acc", "n", "acc_star", "n", "回复1", "回复2", "Refuse");
        assertThat(lines[2]).containsSubsequence("all", "0.500", "4", "0.667", "3", "2", "1", "1");
        assertThat(lines[3]).containsSubsequence("违法犯罪 crimes", "safety", "0.500", "4", "-", "0");
        assertThat(ScorecardTable.width(lines[1])).isEqualTo(ScorecardTable.width(lines[2]));
        assertThat(ScorecardTable.width(lines[2])).isEqualTo(ScorecardTable.width(lines[3]));
    }
}
