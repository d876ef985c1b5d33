package dev.cvalues.prompts.suite;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * A stored suite version.
 *
 * @param digest     SHA-256 of the files it was imported from
 * @param categories item count per category
 * @param kinds      item count per kind
 */
public record Suite(String id, String version, String title, String description, int itemCount,
        Map<String, Integer> categories, Map<String, Integer> kinds, String digest, Instant importedAt) {

    /** {@code open}, {@code multiple_choice}, or {@code mixed} when the suite has both. */
    @JsonProperty("kind")
    public String kind() {
        return kinds.size() == 1 ? kinds.keySet().iterator().next() : "mixed";
    }
}
