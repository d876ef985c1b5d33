package dev.cvalues.prompts.suite;

import java.time.Instant;
import java.util.Map;

/**
 * A stored suite version.
 *
 * @param digest     SHA-256 of the file it was imported from
 * @param categories item count per category
 */
public record Suite(String id, String version, String title, String description, int itemCount,
        Map<String, Integer> categories, Map<String, Integer> kinds, String digest, Instant importedAt) {
}
