package dev.cvalues.gateway.provider;

import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.GenerationParams;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.TokenUsage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code anthropic}: the Anthropic Messages API ({@code POST <endpoint>/messages}, default endpoint
 * {@code https://api.anthropic.com/v1}). The system prompt goes in {@code system}; {@code max_tokens} is
 * required by the API and defaults to 1024; the API has no seed. Overload (529) is retried like a 5xx.
 */
@ApplicationScoped
public class AnthropicProvider implements ModelProvider {

    public static final String ID = "anthropic";
    static final String DEFAULT_ENDPOINT = "https://api.anthropic.com/v1";
    static final String API_VERSION = "2023-06-01";
    static final int DEFAULT_MAX_TOKENS = 1024;

    private final ModelHttp http;

    public AnthropicProvider(ModelHttp http) {
        this.http = http;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Uni<Completion> complete(PromptEvent prompt, Target target) {
        return Uni.createFrom().deferred(() -> {
            String url = ModelHttp.endpoint(target.baseUrl(), DEFAULT_ENDPOINT, ID) + "/messages";
            String key = target.credential();
            Map<String, String> headers = new HashMap<>();
            headers.put("anthropic-version", API_VERSION);
            if (key != null) {
                headers.put("x-api-key", key);
            }
            return http.post(url, headers, requestBody(prompt)).map(answer -> {
                if (answer.status() != 200) {
                    throw ModelHttp.statusFailure(answer, url, key);
                }
                return parse(answer, url);
            });
        });
    }

    static JsonObject requestBody(PromptEvent prompt) {
        GenerationParams p = prompt.model().parametersOrDefaults();
        JsonArray messages = new JsonArray();
        for (ChatMessage m : prompt.messages()) {
            messages.add(new JsonObject().put("role", m.role()).put("content", m.content()));
        }
        JsonObject body = new JsonObject().put("model", prompt.model().name()).put("messages", messages)
                .put("max_tokens", p.maxTokens() != null ? p.maxTokens() : DEFAULT_MAX_TOKENS);
        OpenAiCompatibleProvider.putIfSet(body, "system",
                p.systemPrompt() == null || p.systemPrompt().isBlank() ? null : p.systemPrompt());
        OpenAiCompatibleProvider.putIfSet(body, "temperature", p.temperature());
        OpenAiCompatibleProvider.putIfSet(body, "top_p", p.topP());
        return body;
    }

    private static Completion parse(ModelHttp.Answer answer, String url) {
        JsonObject json = answer.json(url);
        JsonArray content = json.getJsonArray("content");
        if (content == null) {
            throw ProviderException.permanent("invalid_response", "response of " + url + " has no content");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonObject block = content.getJsonObject(i);
            if ("text".equals(block.getString("type"))) {
                text.append(block.getString("text", ""));
            }
        }
        JsonObject usage = json.getJsonObject("usage");
        TokenUsage tokens = usage == null ? null
                : new TokenUsage(usage.getInteger("input_tokens"), usage.getInteger("output_tokens"));
        return new Completion(text.toString(), json.getString("stop_reason"), tokens,
                answer.requestId() != null ? answer.requestId() : json.getString("id"));
    }
}
