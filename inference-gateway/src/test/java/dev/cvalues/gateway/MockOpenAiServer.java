package dev.cvalues.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback OpenAI-compatible endpoint whose behaviour is chosen by the model name:
 * {@code echo} answers "echo:" + the last user message; {@code flaky} fails an item twice with 503 then
 * answers; {@code down} always answers 500; {@code limited} answers 429 with Retry-After: 1 once per item;
 * {@code auth} answers 401 quoting the Authorization header it received.
 */
public final class MockOpenAiServer implements AutoCloseable {

    public record Received(String authorization, JsonNode body, long atMillis) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    public final List<Received> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> callsPerPrompt = new ConcurrentHashMap<>();

    public MockOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(new Received(auth, body, System.currentTimeMillis()));
        String model = body.path("model").asText();
        JsonNode messages = body.path("messages");
        String last = messages.get(messages.size() - 1).path("content").asText();
        int call = callsPerPrompt.computeIfAbsent(model + "|" + last, k -> new AtomicInteger()).incrementAndGet();
        switch (model) {
            case "flaky" -> {
                if (call <= 2) {
                    send(exchange, 503, "{\"error\":{\"message\":\"overloaded\"}}", Map.of());
                    return;
                }
            }
            case "down" -> {
                send(exchange, 500, "{\"error\":{\"message\":\"internal\"}}", Map.of());
                return;
            }
            case "limited" -> {
                if (call == 1) {
                    send(exchange, 429, "{\"error\":{\"message\":\"rate limited\"}}", Map.of("Retry-After", "1"));
                    return;
                }
            }
            case "auth" -> {
                send(exchange, 401, "{\"error\":{\"message\":\"Incorrect API key provided: " + auth + "\"}}", Map.of());
                return;
            }
            default -> {
            }
        }
        String answer = JSON.writeValueAsString(Map.of(
                "id", "chatcmpl-" + requests.size(),
                "object", "chat.completion",
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", "echo:" + last))),
                "usage", Map.of("prompt_tokens", 11, "completion_tokens", 7, "total_tokens", 18)));
        send(exchange, 200, answer, Map.of("x-request-id", "req-" + requests.size()));
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
