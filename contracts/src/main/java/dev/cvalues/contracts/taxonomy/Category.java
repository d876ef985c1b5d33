package dev.cvalues.contracts.taxonomy;

/** A safety scenario or a responsibility domain, with its Chinese and English names. */
public record Category(String id, Level level, String zh, String en) {
}
