package dev.cvalues.prompts.suite.format;

/** What a suite says of itself: id, version, title and description. */
public record SuiteHeader(String id, String version, String title, String description) {
}
