package dev.cvalues.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A loopback OpenAI-compatible chat-completions endpoint ({@code POST /v1/chat/completions}) whose answers
 * a test scripts: for tests and benchmarks that need a model without a network. Records every request.
 */
public final class LoopbackChatModel implements AutoCloseable {

    /** One request as received. */
    public record Request(String model, String authorization, JsonNode body, String lastMessage, long atMillis) {
    }

    /** What to answer: a completion with this text, or an HTTP error. */
    public sealed interface Reply {
        static Reply text(String text) {
            return new Text(text);
        }

        static Reply status(int status, String body, Map<String, String> headers) {
            return new Status(status, body, headers);
        }
    }

    public record Text(String text) implements Reply {
    }

    public record Status(int status, String body, Map<String, String> headers) implements Reply {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Function<Request, Reply> behaviour;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    private LoopbackChatModel(Function<Request, Reply> behaviour, int threads) throws IOException {
        this.behaviour = behaviour;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        this.executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    public static LoopbackChatModel start(Function<Request, Reply> behaviour) {
        try {
            return new LoopbackChatModel(behaviour, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the loopback model", e);
        }
    }

    /** The base URL to give as {@code model.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            JsonNode messages = body.path("messages");
            String last = messages.isArray() && !messages.isEmpty()
                    ? messages.get(messages.size() - 1).path("content").asText() : "";
            Request request = new Request(body.path("model").asText(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body, last, System.currentTimeMillis());
            requests.add(request);
            Reply reply = behaviour.apply(request);
            if (reply instanceof Status status) {
                send(exchange, status.status(), status.body(), status.headers());
                return;
            }
            long id = ids.incrementAndGet();
            String answer = JSON.writeValueAsString(Map.of(
                    "id", "chatcmpl-" + id,
                    "object", "chat.completion",
                    "model", request.model(),
                    "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", ((Text) reply).text()))),
                    "usage", Map.of("prompt_tokens", 11, "completion_tokens", 7, "total_tokens", 18)));
            send(exchange, 200, answer, Map.of("x-request-id", "req-" + id));
        }
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
        executor.shutdownNow();
    }
}
