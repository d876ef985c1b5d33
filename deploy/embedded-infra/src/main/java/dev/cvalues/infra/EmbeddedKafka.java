package dev.cvalues.infra;

import dev.cvalues.contracts.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * The real Apache Kafka broker in KRaft combined mode (broker and controller in one), bound to 127.0.0.1.
 * Its data directory keeps the cluster id, so a broker restarted on the same directory keeps its topics.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The SASL mechanism of the broker's second listener, the one a Strimzi {@code KafkaUser} gets. */
    public static final String SCRAM = "SCRAM-SHA-512";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String scramBootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, String scramBootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.scramBootstrapServers = scramBootstrapServers;
    }

    /** Starts a broker on {@code port} (0 picks a free one) storing its logs under {@code dataDir}. */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, 0, 0);
    }

    /** As above, with the controller's and the SCRAM listener's ports (0 picks a free one). */
    public static EmbeddedKafka start(Path dataDir, int port, int controller, int scram) {
        try {
            Files.createDirectories(dataDir);
            int brokerPort = port == 0 ? FreePorts.pick() : port;
            int controllerPort = controller == 0 ? FreePorts.pick() : controller;
            int scramPort = scram == 0 ? FreePorts.pick() : scram;
            Properties props = brokerProperties(dataDir.resolve("logs"), brokerPort, controllerPort, scramPort);
            format(dataDir, props);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap, "127.0.0.1:" + scramPort);
            kafka.awaitReady(Duration.ofSeconds(60));
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka in " + dataDir, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The listener that takes only SASL/SCRAM clients ({@link #addScramUser}); the other one takes anyone. */
    public String scramBootstrapServers() {
        return scramBootstrapServers;
    }

    /** Creates (or changes) a SCRAM user of the SASL listener. */
    public void addScramUser(String user, String password) {
        try (Admin admin = admin(bootstrapServers)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot add the SCRAM user " + user, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while adding a SCRAM user", e);
        }
    }

    /** The client settings of a SCRAM user, as {@code kafka.*} properties of a service. */
    public Map<String, String> scramClientSettings(String user, String password) {
        return Map.of("kafka.bootstrap.servers", scramBootstrapServers,
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", SCRAM,
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"" + user + "\" password=\"" + password + "\";");
    }

    /** Creates every topic of the catalogue that does not exist yet (compaction where the catalogue says). */
    public void createCatalogueTopics() {
        createTopics(bootstrapServers, Topics.ALL);
    }

    public static void createTopics(String bootstrapServers, List<Topics.Topic> topics) {
        try (Admin admin = admin(bootstrapServers)) {
            for (Topics.Topic topic : topics) {
                NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), (short) 1);
                if (topic.compacted()) {
                    newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                try {
                    admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create topics within 30 s", e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin(bootstrapServers)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka at " + bootstrapServers + " not ready after " + timeout, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort, int scramPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort
                + ",SCRAM://127.0.0.1:" + scramPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",SCRAM://127.0.0.1:" + scramPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SCRAM:SASL_PLAINTEXT");
        p.put("listener.name.scram.sasl.enabled.mechanisms", SCRAM);
        p.put("listener.name.scram.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", String.valueOf(Topics.ITEM_TOPIC_PARTITIONS));
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // the default dedupe buffer costs 128 MiB of heap
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        return p;
    }

    /** Formats the log directory once; the cluster id is kept beside the data so restarts reuse it. */
    private static void format(Path dataDir, Properties props) throws IOException {
        Path idFile = dataDir.resolve("cluster.id");
        String clusterId;
        if (Files.exists(idFile)) {
            clusterId = Files.readString(idFile).trim();
        } else {
            clusterId = Uuid.randomUuid().toString();
            Files.writeString(idFile, clusterId);
        }
        Path propsFile = dataDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(propsFile)) {
            props.store(w, "written by cvalues embedded-infra");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", propsFile.toString(),
                "--ignore-formatted"}, new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }
}
