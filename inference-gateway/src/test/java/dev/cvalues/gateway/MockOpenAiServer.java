package dev.cvalues.gateway;

import dev.cvalues.infra.LoopbackChatModel;
import dev.cvalues.infra.LoopbackChatModel.Reply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway tests' model, chosen by model name: {@code echo} answers "echo:" + the last message;
 * {@code flaky} fails an item twice with 503 then answers; {@code down} always answers 500; {@code limited}
 * answers 429 with Retry-After: 1 once per item; {@code auth} answers 401 quoting the Authorization header.
 */
final class MockOpenAiServer {

    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    static LoopbackChatModel start() {
        return LoopbackChatModel.start(request -> {
            int call = CALLS.computeIfAbsent(request.model() + "|" + request.lastMessage(), k -> new AtomicInteger())
                    .incrementAndGet();
            return switch (request.model()) {
                case "flaky" -> call <= 2 ? error(503, "overloaded", Map.of()) : echo(request);
                case "down" -> error(500, "internal", Map.of());
                case "limited" -> call == 1 ? error(429, "rate limited", Map.of("Retry-After", "1")) : echo(request);
                case "auth" -> error(401, "Incorrect API key provided: " + request.authorization(), Map.of());
                default -> echo(request);
            };
        });
    }

    private static Reply echo(LoopbackChatModel.Request request) {
        return Reply.text("echo:" + request.lastMessage());
    }

    private static Reply error(int status, String message, Map<String, String> headers) {
        return Reply.status(status, "{\"error\":{\"message\":\"" + message + "\"}}", headers);
    }

    private MockOpenAiServer() {
    }
}
