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
 * {@code openai}: the OpenAI chat-completions API ({@code POST <endpoint>/chat/completions}), which vLLM,
 * Ollama, TGI, LM Studio, DeepSeek, Moonshot, Zhipu, DashScope's compatible mode and most other vendors also
 * speak. Non-blocking: a call in flight holds a connection, never a thread.
 */
@ApplicationScoped
public class OpenAiCompatibleProvider implements ModelProvider {

    public static final String ID = "openai";

    private final ModelHttp http;

    public OpenAiCompatibleProvider(ModelHttp http) {
        this.http = http;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Uni<Completion> complete(PromptEvent prompt, Target target) {
        return Uni.createFrom().deferred(() -> {
            String url = ModelHttp.endpoint(target.baseUrl(), null, ID) + "/chat/completions";
            String key = target.credential();
            Map<String, String> headers = new HashMap<>();
            if (key != null) {
                headers.put("Authorization", "Bearer " + key);
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
        if (p.systemPrompt() != null && !p.systemPrompt().isBlank()) {
            messages.add(new JsonObject().put("role", "system").put("content", p.systemPrompt()));
        }
        for (ChatMessage m : prompt.messages()) {
            messages.add(new JsonObject().put("role", m.role()).put("content", m.content()));
        }
        JsonObject body = new JsonObject().put("model", prompt.model().name()).put("messages", messages);
        putIfSet(body, "temperature", p.temperature());
        putIfSet(body, "top_p", p.topP());
        putIfSet(body, "max_tokens", p.maxTokens());
        putIfSet(body, "seed", p.seed());
        if (GenerationParams.JSON_OBJECT.equals(p.responseFormat())) {
            body.put("response_format", new JsonObject().put("type", "json_object"));
        }
        return body;
    }

    static void putIfSet(JsonObject body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    private static Completion parse(ModelHttp.Answer answer, String url) {
        JsonObject json = answer.json(url);
        JsonArray choices = json.getJsonArray("choices");
        if (choices == null || choices.isEmpty() || choices.getJsonObject(0).getJsonObject("message") == null) {
            throw ProviderException.permanent("invalid_response", "response of " + url + " has no choices[0].message");
        }
        JsonObject choice = choices.getJsonObject(0);
        String text = choice.getJsonObject("message").getString("content");
        if (text == null) {
            throw ProviderException.permanent("invalid_response", "response of " + url + " has no message content");
        }
        JsonObject usage = json.getJsonObject("usage");
        TokenUsage tokens = usage == null ? null
                : new TokenUsage(usage.getInteger("prompt_tokens"), usage.getInteger("completion_tokens"));
        return new Completion(text, choice.getString("finish_reason"), tokens,
                answer.requestId() != null ? answer.requestId() : json.getString("id"));
    }
}
