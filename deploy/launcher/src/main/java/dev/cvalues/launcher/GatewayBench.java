package dev.cvalues.launcher;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.infra.EmbeddedKafka;
import dev.cvalues.infra.EmbeddedMongo;
import dev.cvalues.infra.FreePorts;
import dev.cvalues.infra.LoopbackChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The inference gateway alone: the packaged gateway on an embedded broker, answering prompt events against a
 * loopback OpenAI-compatible model with a fixed latency. Reports responses per second from the first prompt
 * sent to the last response read, and, with a latency, the share of the ideal concurrency / latency.
 */
@Command(name = "gateway", description = "Responses per second of the inference gateway against a loopback model")
public class GatewayBench implements Callable<Integer> {

    @Option(names = "--items", defaultValue = "20000", description = "prompts measured (default ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--warmup", defaultValue = "3000", description = "prompts sent first, not measured (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--latency-ms", defaultValue = "0", description = "the model's latency (default ${DEFAULT-VALUE})")
    int latencyMs;

    @Option(names = "--concurrency", defaultValue = "256", description = "gateway max in flight (default ${DEFAULT-VALUE})")
    int concurrency;

    @Override
    public Integer call() throws Exception {
        RepoLayout layout = RepoLayout.locate();
        Path kafkaDir = Files.createTempDirectory("bench-kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0);
                EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
                LoopbackChatModel model = LoopbackChatModel.constant("我选择回复1。", Duration.ofMillis(latencyMs))) {
            kafka.createCatalogueTopics();
            System.out.printf("Gateway bench: %d prompts (after %d warm-up), model latency %d ms, max in flight %d%n",
                    items, warmup, latencyMs, concurrency);
            LocalStack gateway = LocalStack.startServices(layout, kafka.bootstrapServers(), mongo.connectionString(),
                    Map.of("inference-gateway", FreePorts.pick()), System.out::println, Map.of(
                            "CVALUES_GATEWAY_MAX_IN_FLIGHT", String.valueOf(concurrency),
                            "CVALUES_GATEWAY_CONNECTIONS_PER_ENDPOINT", String.valueOf(concurrency)));
            try {
                ModelSpec spec = new ModelSpec("openai", "loopback", model.endpoint(), null, null);
                String metrics = gateway.url("inference-gateway") + "/q/metrics";
                round(kafka.bootstrapServers(), spec, warmup, null);
                GatewaySampler sampler = new GatewaySampler(metrics);
                double seconds = round(kafka.bootstrapServers(), spec, items, sampler);
                double rate = items / seconds;
                System.out.printf("%d responses in %.2f s: %.0f responses/s (calls in flight: mean %.0f, max %.0f; "
                        + "mean call %.1f ms)%n", items, seconds, rate, sampler.meanInFlight(), sampler.maxInFlight(),
                        sampler.meanCallMillis());
                if (latencyMs > 0) {
                    double ideal = concurrency * 1000.0 / latencyMs;
                    System.out.printf("ideal %d in flight / %d ms = %.0f/s; achieved %.1f%% of ideal%n", concurrency,
                            latencyMs, ideal, 100 * rate / ideal);
                }
            } finally {
                gateway.close();
            }
        }
        return 0;
    }

    /** Sends {@code n} prompts of a fresh run and returns the seconds until the last response was read. */
    private static double round(String bootstrap, ModelSpec spec, int n, GatewaySampler sampler) {
        String runId = "bench-" + UUID.randomUUID();
        ItemInfo item = new ItemInfo("bench", "1", ItemKind.MULTIPLE_CHOICE, "safety", "crimes", null, null,
                List.of("回复1", "回复2"), "回复1");
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-" + runId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
                var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESPONSES).stream()
                    .map(p -> new TopicPartition(Topics.RESPONSES, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            if (sampler != null) {
                sampler.start();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                // cache off: every prompt is a model call, which is what this measures
                PromptEvent prompt = new PromptEvent(1, runId, "i" + i, spec, item,
                        List.of(ChatMessage.user("问题 " + i)), Instant.now(), false);
                producer.send(new ProducerRecord<>(Topics.PROMPTS, Topics.itemKey(runId, prompt.itemId()),
                        EventCodec.encode(prompt)));
            }
            producer.flush();
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < n) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key().startsWith(runId)) {
                        seen++;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + seen + " of " + n + " responses after 10 minutes");
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (sampler != null) {
                sampler.stop();
            }
            return seconds;
        }
    }
}
