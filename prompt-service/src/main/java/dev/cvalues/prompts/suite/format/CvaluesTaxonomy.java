package dev.cvalues.prompts.suite.format;

import dev.cvalues.contracts.taxonomy.Category;
import dev.cvalues.contracts.taxonomy.Level;
import dev.cvalues.contracts.taxonomy.Taxonomy;
import dev.cvalues.prompts.suite.SuiteFormatException;
import java.util.Arrays;
import java.util.List;

/** Checks that a CValues-level item names one of CValues' scenarios or domains of that level. */
final class CvaluesTaxonomy {

    /** Other benchmarks (any level other than safety / responsibility) keep their own categories. */
    static void check(String source, long line, String field, String level, String category) {
        Level known = Arrays.stream(Level.values()).filter(l -> l.id().equals(level)).findFirst().orElse(null);
        if (known == null) {
            return;
        }
        Category c = Taxonomy.category(category).orElse(null);
        if (c == null || c.level() != known) {
            List<String> ids = Taxonomy.all().stream().filter(x -> x.level() == known).map(Category::id).toList();
            throw new SuiteFormatException(source, line, field,
                    "'" + category + "' is not a " + level + " category of CValues " + ids);
        }
    }

    private CvaluesTaxonomy() {
    }
}
