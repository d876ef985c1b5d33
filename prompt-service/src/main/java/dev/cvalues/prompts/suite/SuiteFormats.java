package dev.cvalues.prompts.suite;

import dev.cvalues.prompts.api.BadRequestException;
import dev.cvalues.prompts.suite.format.SuiteFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Every {@link SuiteFormat} bean, by id. */
@ApplicationScoped
public class SuiteFormats {

    private final Map<String, SuiteFormat> formats = new TreeMap<>();

    public SuiteFormats(Instance<SuiteFormat> beans) {
        beans.forEach(f -> formats.put(f.id(), f));
    }

    public SuiteFormat get(String id) {
        if (id == null || id.isBlank()) {
            throw new BadRequestException("format", "format required, one of " + formats.keySet());
        }
        SuiteFormat format = formats.get(id);
        if (format == null) {
            throw new BadRequestException("format", "unknown format '" + id + "', one of " + formats.keySet());
        }
        return format;
    }

    public Collection<SuiteFormat> all() {
        return formats.values();
    }
}
