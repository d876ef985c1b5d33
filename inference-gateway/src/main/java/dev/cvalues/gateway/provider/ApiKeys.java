package dev.cvalues.gateway.provider;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves an API key reference ({@code env:VARIABLE} or {@code file:/path}) at call time. The key stays in
 * this process: it is never put in an event, a document, a log line or an error message.
 */
@ApplicationScoped
public class ApiKeys {

    public Optional<String> resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        if (reference.startsWith("env:")) {
            String value = System.getenv(reference.substring(4));
            if (value == null || value.isBlank()) {
                throw ProviderException.permanent("configuration",
                        "API key reference " + reference + ": environment variable not set");
            }
            return Optional.of(value.trim());
        }
        if (reference.startsWith("file:")) {
            try {
                return Optional.of(Files.readString(Path.of(reference.substring(5)), StandardCharsets.UTF_8).trim());
            } catch (IOException e) {
                throw ProviderException.permanent("configuration",
                        "API key reference " + reference + ": cannot read the file");
            }
        }
        throw ProviderException.permanent("configuration", "API key reference must be env:VARIABLE or file:/path");
    }

    /** Removes the key from text that came back from a provider (error bodies sometimes quote it). */
    public static String redact(String text, String key) {
        if (text == null || key == null || key.isEmpty()) {
            return text;
        }
        return text.replace(key, "***");
    }
}
