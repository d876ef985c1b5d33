package dev.cvalues.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvalues.infra.FreePorts;
import dev.cvalues.infra.KafkaBrokerMain;
import dev.cvalues.infra.MongoServerMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local stack: the Kafka broker and the MongoDB server as processes keeping their data under
 * {@code .cvalues/}, and the four packaged services, all bound to 127.0.0.1. Its processes are recorded in
 * {@code .cvalues/stack.json} so a later {@code ./cvalues down} or {@code status} finds them.
 */
public final class LocalStack implements AutoCloseable {

    /** Ports of the stack; the services keep their default ports unless told otherwise. */
    public record Ports(int kafka, int mongo, Map<String, Integer> services) {

        public static Ports defaults() {
            Map<String, Integer> services = new LinkedHashMap<>();
            for (int i = 0; i < RepoLayout.SERVICES.size(); i++) {
                services.put(RepoLayout.SERVICES.get(i), 8081 + i);
            }
            return new Ports(9092, 27017, services);
        }

        public static Map<String, Integer> freeServicePorts() {
            Map<String, Integer> services = new LinkedHashMap<>();
            RepoLayout.SERVICES.forEach(s -> services.put(s, FreePorts.pick()));
            return services;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration STARTUP = Duration.ofSeconds(120);

    /** How a service was started, to start it again. */
    private record Launch(List<String> command, Map<String, String> env, Path log) {
    }

    private final RepoLayout layout;
    private final List<ManagedProcess> infra;
    private final List<ManagedProcess> services;
    private final String bootstrapServers;
    private final String mongoUri;
    private final Map<String, Integer> servicePorts;

    private LocalStack(RepoLayout layout, List<ManagedProcess> infra, List<ManagedProcess> services,
            String bootstrapServers, String mongoUri, Map<String, Integer> servicePorts) {
        this.layout = layout;
        this.infra = infra;
        this.services = services;
        this.bootstrapServers = bootstrapServers;
        this.mongoUri = mongoUri;
        this.servicePorts = servicePorts;
    }

    /**
     * Starts the broker and the database as processes, then the four services, and records the stack.
     *
     * @param lifetime whether the stack does one job and stops or is left running, which decides its compilers
     */
    public static LocalStack startAll(RepoLayout layout, Ports ports, JvmOptions.Lifetime lifetime,
            Consumer<String> say) {
        return startAll(layout, ports, lifetime, say, Map.of());
    }

    /** The same, with settings for the services beyond the local stack's. */
    public static LocalStack startAll(RepoLayout layout, Ports ports, JvmOptions.Lifetime lifetime,
            Consumer<String> say, Map<String, String> extraEnv) {
        checkFree(ports);
        Path home = layout.home();
        List<ManagedProcess> infra = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            ManagedProcess kafka = startJava(layout, lifetime, "kafka", KafkaBrokerMain.class.getName(), "-Xmx256m",
                    List.of(home.resolve("kafka").toString(), String.valueOf(ports.kafka()),
                            String.valueOf(FreePorts.pick()), String.valueOf(FreePorts.pick())));
            infra.add(kafka);
            ManagedProcess mongo = startJava(layout, lifetime, "mongodb", MongoServerMain.class.getName(), "-Xmx512m",
                    List.of(home.resolve("mongodb/cvalues").toString(), String.valueOf(ports.mongo())));
            infra.add(mongo);
            kafka.awaitReady(() -> kafka.logContains("READY "), STARTUP);
            mongo.awaitReady(() -> mongo.logContains("READY "), STARTUP);
            say.accept(String.format("  Kafka 127.0.0.1:%d and MongoDB 127.0.0.1:%d ready in %.1f s", ports.kafka(),
                    ports.mongo(), seconds(t0)));
            String bootstrap = "127.0.0.1:" + ports.kafka();
            String mongoUri = "mongodb://127.0.0.1:" + ports.mongo();
            LocalStack stack = new LocalStack(layout, infra, launchServices(layout, lifetime, bootstrap, mongoUri,
                    ports.services(), say, extraEnv, true), bootstrap, mongoUri, ports.services());
            stack.save();
            return stack;
        } catch (RuntimeException e) {
            infra.forEach(ManagedProcess::requestStop);
            infra.forEach(p -> p.awaitStop(Duration.ofSeconds(20)));
            throw e;
        }
    }

    /**
     * Starts services (those named in {@code ports}) against infrastructure the caller runs: tests and
     * benchmarks bring their own broker and database.
     */
    public static LocalStack startServices(RepoLayout layout, String bootstrap, String mongoUri,
            Map<String, Integer> ports, Consumer<String> say, Map<String, String> extraEnv) {
        return new LocalStack(layout, List.of(),
                new ArrayList<>(launchServices(layout, JvmOptions.Lifetime.ONE_JOB, bootstrap, mongoUri, ports, say,
                        extraEnv, false)), bootstrap, mongoUri,
                ports);
    }

    /** Where the local stack's connections find credential files (file:NAME), readable by this user only. */
    static Path secretsDirectory(RepoLayout layout) {
        Path dir = layout.home().resolve("secrets");
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** @param classData with class-data archives: the local stack's own processes, not tests' services */
    private static List<ManagedProcess> launchServices(RepoLayout layout, JvmOptions.Lifetime lifetime,
            String bootstrap, String mongoUri, Map<String, Integer> ports, Consumer<String> say,
            Map<String, String> extraEnv, boolean classData) {
        long t0 = System.nanoTime();
        List<ManagedProcess> started = new ArrayList<>();
        try {
            for (String service : ports.keySet()) {
                Path jar = layout.serviceJar(service);
                if (!Files.exists(jar)) {
                    throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests package)");
                }
                Map<String, String> env = new LinkedHashMap<>(extraEnv);
                env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
                env.put("QUARKUS_MONGODB_CONNECTION_STRING", mongoUri);
                env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
                env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.get(service)));
                // the local stack calls local models (vLLM, Ollama, the loopback ones) without registering them;
                // such calls never carry a credential
                env.putIfAbsent("CVALUES_EGRESS_AD_HOC_ENDPOINTS", "true");
                env.putIfAbsent("CVALUES_SECRETS_DIRECTORY", secretsDirectory(layout).toString());
                env.putIfAbsent("CVALUES_AUTH_BOOTSTRAP_TOKENS", LocalTokens.bootstrapSetting(layout));
                if (service.equals("report-service")) {
                    // one report-service: its tallies are exact, and a recount on the embedded MongoDB scans
                    // every stored item and score (19 s with 40,000 items stored)
                    env.putIfAbsent("CVALUES_REPORT_CONFIRM_FINISH", "false");
                }
                if (service.equals("report-service") && ports.containsKey("prompt-service")) {
                    // report-service starts the runs of deployments through prompt-service's API
                    env.put("CVALUES_REPORT_PROMPT_SERVICE_URL", "http://127.0.0.1:" + ports.get("prompt-service"));
                    env.putIfAbsent("CVALUES_REPORT_PROMPT_SERVICE_TOKEN_REF", "file:" + LocalTokens.REPORT_SERVICE_FILE);
                }
                List<String> command = JvmOptions.command(service, lifetime, "-Xmx512m", classData
                        ? ClassDataArchive.ofService(layout.classDataArchive(service), jar.getParent()) : null,
                        List.of("-cp", jar.toString()));
                command.addAll(List.of("-jar", jar.toString()));
                Launch launch = new Launch(command, env,
                        layout.home().resolve("logs").resolve(service + ".log"));
                LAUNCHES.put(service + "@" + ports.get(service), launch);
                started.add(ManagedProcess.start(service, launch.command(), launch.env(), launch.log()));
            }
            for (ManagedProcess p : started) {
                String health = "http://127.0.0.1:" + ports.get(p.name()) + "/q/health/ready";
                p.awaitReady(() -> httpOk(health), STARTUP);
            }
            say.accept(String.format("  %s ready in %.1f s", String.join(", ", ports.keySet()), seconds(t0)));
            return started;
        } catch (RuntimeException e) {
            started.forEach(ManagedProcess::requestStop);
            started.forEach(p -> p.awaitStop(Duration.ofSeconds(20)));
            throw e;
        }
    }

    private static final Map<String, Launch> LAUNCHES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Stops a service of this stack and starts it again the same way: gracefully (SIGTERM), or as a crash
     * (SIGKILL) when {@code kill} is set. Waits until it is ready again.
     */
    public void restart(String service, boolean kill) {
        ManagedProcess old = services.stream().filter(p -> p.name().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + service + " in this stack"));
        Launch launch = LAUNCHES.get(service + "@" + servicePorts.get(service));
        if (kill) {
            old.kill();
        } else {
            old.requestStop();
        }
        old.awaitStop(Duration.ofSeconds(30));
        ManagedProcess fresh = ManagedProcess.start(service, launch.command(), launch.env(), launch.log(), true);
        services.set(services.indexOf(old), fresh);
        fresh.awaitReady(() -> httpOk(url(service) + "/q/health/ready"), STARTUP);
    }

    /** The stack ./cvalues up started, for the commands that talk to it; a clear error when there is none. */
    public static LocalStack running() {
        return attach(RepoLayout.locate()).orElseThrow(() -> new IllegalStateException(
                "no local stack is running: start it with ./cvalues up"));
    }

    /** The stack recorded by an earlier {@code up} or {@code demo --keep}, when its processes still run. */
    public static Optional<LocalStack> attach(RepoLayout layout) {
        Path file = stateFile(layout);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode state = JSON.readTree(file.toFile());
            List<ManagedProcess> infra = new ArrayList<>();
            List<ManagedProcess> services = new ArrayList<>();
            Map<String, Integer> ports = new LinkedHashMap<>();
            boolean allAlive = true;
            for (JsonNode p : state.get("processes")) {
                String name = p.get("name").asText();
                ManagedProcess process = ManagedProcess.attach(name, p.get("pid").asLong(),
                        Path.of(p.get("log").asText()));
                allAlive &= process != null && process.isAlive();
                if (process == null) {
                    continue;
                }
                if (RepoLayout.SERVICES.contains(name)) {
                    services.add(process);
                    ports.put(name, p.get("port").asInt());
                } else {
                    infra.add(process);
                }
            }
            LocalStack stack = new LocalStack(layout, infra, services, state.get("kafka").asText(),
                    state.get("mongodb").asText(), ports);
            if (!allAlive) {
                stack.close();
                return Optional.empty();
            }
            return Optional.of(stack);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The admin token every command of this stack uses (.cvalues/admin-token). */
    public String adminToken() {
        return LocalTokens.existingAdmin(layout);
    }

    public String url(String service) {
        return "http://127.0.0.1:" + servicePorts.get(service);
    }

    public Map<String, Integer> servicePorts() {
        return servicePorts;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String mongoUri() {
        return mongoUri;
    }

    public List<ManagedProcess> processes() {
        List<ManagedProcess> all = new ArrayList<>(infra);
        all.addAll(services);
        return all;
    }

    /** Stops the services (all at once), then the broker and the database, and forgets the stack. */
    @Override
    public void close() {
        services.forEach(ManagedProcess::requestStop);
        services.forEach(p -> p.awaitStop(Duration.ofSeconds(30)));
        infra.forEach(ManagedProcess::requestStop);
        // the database flushes its file on the way out: a large store takes time, and a kill could corrupt it
        infra.forEach(p -> p.awaitStop(Duration.ofSeconds(180)));
        if (!infra.isEmpty()) {
            try {
                Files.deleteIfExists(stateFile(layout));
            } catch (IOException e) {
                // stale state is detected by the next attach
            }
        }
    }

    private void save() {
        ObjectNode state = JSON.createObjectNode().put("kafka", bootstrapServers).put("mongodb", mongoUri);
        var list = state.putArray("processes");
        for (ManagedProcess p : processes()) {
            ObjectNode node = list.addObject().put("name", p.name()).put("pid", p.pid()).put("log", p.log().toString());
            if (servicePorts.containsKey(p.name())) {
                node.put("port", servicePorts.get(p.name()));
            }
        }
        try {
            Files.createDirectories(layout.home());
            JSON.writerWithDefaultPrettyPrinter().writeValue(stateFile(layout).toFile(), state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path stateFile(RepoLayout layout) {
        return layout.home().resolve("stack.json");
    }

    private static ManagedProcess startJava(RepoLayout layout, JvmOptions.Lifetime lifetime, String name,
            String mainClass, String heap,
            List<String> args) {
        String classPath = System.getProperty("java.class.path");
        List<String> command = JvmOptions.command(name, lifetime, heap,
                ClassDataArchive.ofClassPath(layout.classDataArchive(name), classPath), List.of("-cp", classPath));
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        return ManagedProcess.start(name, command, Map.of(), layout.home().resolve("logs").resolve(name + ".log"));
    }

    private static void checkFree(Ports ports) {
        Map<String, Integer> all = new LinkedHashMap<>();
        all.put("Kafka", ports.kafka());
        all.put("MongoDB", ports.mongo());
        all.putAll(ports.services());
        all.forEach((what, port) -> {
            if (!FreePorts.isFree(port)) {
                throw new IllegalStateException("port " + port + " (" + what + ") is already in use on 127.0.0.1: "
                        + "stop what uses it (./cvalues down stops a stack this checkout started)");
            }
        });
    }

    static boolean httpOk(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
