package dev.cvalues.scoring.scorer.judge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.events.ChatMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Loading the judges' prompt files, filling them, and finding the JSON object in a judge's answer. */
final class JudgePrompts {

    private static final Pattern JSON_OBJECT = Pattern.compile("\\{[^{}]*}", Pattern.DOTALL);

    static String load(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("judge prompt " + resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ChatMessage> fill(String template, String question, String response) {
        return fill(template, question, null, response);
    }

    /** The template with {question}, {reference} and {response} filled in (the response last: it may contain braces). */
    static List<ChatMessage> fill(String template, String question, String reference, String response) {
        return List.of(ChatMessage.user(template.replace("{question}", question == null ? "" : question)
                .replace("{reference}", reference == null ? "" : reference)
                .replace("{response}", response == null ? "" : response)));
    }

    /** The first JSON object of the answer (judges wrap it in prose or code fences), or null. */
    static JsonNode firstJsonObject(String answer) {
        if (answer == null) {
            return null;
        }
        Matcher m = JSON_OBJECT.matcher(answer);
        while (m.find()) {
            try {
                JsonNode node = EventCodec.mapper().readTree(m.group());
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (IOException e) {
                // not JSON: try the next braces
            }
        }
        return null;
    }

    private JudgePrompts() {
    }
}
