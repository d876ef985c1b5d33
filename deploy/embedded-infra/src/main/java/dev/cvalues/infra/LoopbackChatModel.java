package dev.cvalues.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A loopback model endpoint speaking the OpenAI chat-completions API ({@code POST /v1/chat/completions}) and
 * the Anthropic Messages API ({@code POST /v1/messages}), whose answers a test scripts, or that gives every
 * call the same answer after a fixed latency for benchmarks. Runs on its own two Vert.x event loops: a
 * delayed answer holds a timer, not a thread. Counts the calls it has in flight.
 */
public final class LoopbackChatModel implements AutoCloseable {

    /**
     * One request as received.
     *
     * @param api           {@code openai} or {@code anthropic}, by path
     * @param authorization the Authorization header (OpenAI) or x-api-key (Anthropic)
     */
    public record Request(String api, String model, String authorization, JsonNode body, String lastMessage,
            long atMillis, Map<String, String> headers) {
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

    private final Vertx vertx;
    private final HttpServer server;
    private final Function<Request, Reply> behaviour;
    private final Buffer constantAnswer;
    private final long latencyMs;
    private final boolean record;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();

    private LoopbackChatModel(Function<Request, Reply> behaviour, String constant, Duration latency, boolean record) {
        this.behaviour = behaviour;
        this.constantAnswer = constant == null ? null : Buffer.buffer(completion(constant, "model", 0));
        this.latencyMs = latency.toMillis();
        this.record = record;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
        try {
            this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                    .setAcceptBacklog(4096)).requestHandler(this::handle).listen()
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IllegalStateException("cannot start the loopback model", e);
        }
    }

    /** A model that answers at once and records every request (for tests). */
    public static LoopbackChatModel start(Function<Request, Reply> behaviour) {
        return start(behaviour, Duration.ZERO, true);
    }

    /**
     * @param latency how long each answer takes
     * @param record  whether to keep every request (tests) or not (long benchmarks)
     */
    public static LoopbackChatModel start(Function<Request, Reply> behaviour, Duration latency, boolean record) {
        return new LoopbackChatModel(behaviour, null, latency, record);
    }

    /**
     * A model that gives every request the same answer after {@code latency}, without parsing the request:
     * as little CPU per call as possible, so a benchmark measures the caller.
     */
    public static LoopbackChatModel constant(String text, Duration latency) {
        return new LoopbackChatModel(null, text, latency, false);
    }

    /** The base URL to give as {@code model.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    public List<Request> requests() {
        return requests;
    }

    /** The most calls this model had in flight at once since it started (or since the last reset). */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Starts {@link #maxInFlight} again from the calls in flight now. */
    public void resetMaxInFlight() {
        maxInFlight.set(inFlight.get());
    }

    private void handle(HttpServerRequest http) {
        String api = switch (http.path()) {
            case "/v1/chat/completions" -> "openai";
            case "/v1/messages" -> "anthropic";
            default -> null;
        };
        if (api == null) {
            http.response().setStatusCode(404).end();
            return;
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        http.response().endHandler(v -> inFlight.decrementAndGet());
        http.body().onSuccess(body -> {
            if (constantAnswer != null) {
                later(() -> http.response().putHeader("Content-Type", "application/json").end(constantAnswer));
                return;
            }
            Request request;
            try {
                JsonNode json = JSON.readTree(body.getBytes());
                JsonNode messages = json.path("messages");
                String last = messages.isArray() && !messages.isEmpty()
                        ? messages.get(messages.size() - 1).path("content").asText() : "";
                Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                http.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
                request = new Request(api, json.path("model").asText(), api.equals("openai")
                        ? http.getHeader("Authorization") : http.getHeader("x-api-key"), json, last,
                        System.currentTimeMillis(), headers);
            } catch (IOException e) {
                http.response().setStatusCode(400).end("{\"error\":{\"message\":\"not JSON\"}}");
                return;
            }
            if (record) {
                requests.add(request);
            }
            later(() -> answer(http, request));
        });
    }

    /** Answers now, or after the latency on a timer. */
    private void later(Runnable answering) {
        if (latencyMs <= 0) {
            answering.run();
        } else {
            vertx.setTimer(latencyMs, id -> answering.run());
        }
    }

    private void answer(HttpServerRequest http, Request request) {
        Reply reply;
        try {
            reply = behaviour.apply(request);
        } catch (RuntimeException e) {
            http.response().setStatusCode(500).end("{\"error\":{\"message\":\"loopback behaviour failed\"}}");
            return;
        }
        var response = http.response().putHeader("Content-Type", "application/json");
        if (reply instanceof Status status) {
            status.headers().forEach(response::putHeader);
            response.setStatusCode(status.status()).end(status.body());
            return;
        }
        long id = ids.incrementAndGet();
        String text = ((Text) reply).text();
        response.putHeader("x-request-id", "req-" + id).end(request.api().equals("anthropic")
                ? message(text, request.model(), id) : completion(text, request.model(), id));
    }

    private static String message(String text, String model, long id) {
        try {
            return JSON.writeValueAsString(Map.of(
                    "id", "msg_" + id, "type", "message", "role", "assistant", "model", model,
                    "content", List.of(Map.of("type", "text", "text", text)),
                    "stop_reason", "end_turn",
                    "usage", Map.of("input_tokens", 13, "output_tokens", 5)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String completion(String text, String model, long id) {
        try {
            return JSON.writeValueAsString(Map.of(
                    "id", "chatcmpl-" + id,
                    "object", "chat.completion",
                    "model", model,
                    "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", text))),
                    "usage", Map.of("prompt_tokens", 11, "completion_tokens", 7, "total_tokens", 18)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null)
                .join();
    }
}
