package dev.cvalues.prompts.run;

import dev.cvalues.contracts.Event;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.RunEvent;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.prompts.PromptServiceConfig;
import dev.cvalues.prompts.suite.SuiteItem;
import dev.cvalues.prompts.suite.SuiteRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes a run: the {@code started} event with the expected item count, one prompt event per item
 * (streamed from MongoDB, at most {@code publish-window} unacknowledged at a time), then {@code published}.
 * Runs are published one after another on a dedicated thread, never on a request thread.
 */
@ApplicationScoped
public class RunPublisher {

    private static final Logger LOG = Logger.getLogger(RunPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    private final MutinyEmitter<String> runs;
    private final MutinyEmitter<String> prompts;
    private final SuiteRepository suites;
    private final RunStore store;
    private final RunPlanner planner;
    private final FailedItems failedItems;
    private final PromptServiceConfig config;
    private final Counter published;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "run-publisher");
        t.setDaemon(true);
        return t;
    });

    public RunPublisher(@Channel("runs-out") MutinyEmitter<String> runs,
            @Channel("prompts-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> prompts,
            SuiteRepository suites, RunStore store, RunPlanner planner, FailedItems failedItems,
            PromptServiceConfig config, MeterRegistry registry) {
        this.runs = runs;
        this.prompts = prompts;
        this.suites = suites;
        this.store = store;
        this.planner = planner;
        this.failedItems = failedItems;
        this.config = config;
        this.published = Counter.builder("cvalues.prompts.published")
                .description("Prompt events acknowledged by Kafka").register(registry);
    }

    /** Records the run and publishes it in the background. */
    public void submit(RunPlan plan) {
        store.insert(plan);
        executor.execute(() -> publish(plan));
    }

    /**
     * Publishes again the prompts of the run's items whose last response is a failure (same run, same item
     * ids: their new responses replace the failures). Returns how many; publishing goes on in the background.
     */
    public long retryFailed(RunStore.StoredRun run) {
        long count = failedItems.count(run.runId());
        if (count > 0) {
            executor.execute(() -> {
                Map<String, List<String>> bySuite = new HashMap<>();
                failedItems.forEach(run.runId(), f -> bySuite.computeIfAbsent(f.suiteId() + "@" + f.suiteVersion(),
                        k -> new ArrayList<>()).add(f.itemId()));
                int[] sent = {0};
                bySuite.forEach((suite, ids) -> {
                    String[] idAndVersion = suite.split("@", 2);
                    suites.forEachItemById(idAndVersion[0], idAndVersion[1], ids, item -> {
                        send(prompts, Topics.itemKey(run.runId(), item.itemId()),
                                prompt(run.runId(), run.model(), run.judge(), idAndVersion[0], idAndVersion[1], item,
                                        run.cache()));
                        sent[0]++;
                    });
                });
                LOG.infof("run %s: published again the prompts of %d failed items", run.runId(), sent[0]);
            });
        }
        return count;
    }

    void resumeUnfinished(@Observes StartupEvent event) {
        for (RunStore.StoredRun run : store.unfinished()) {
            LOG.infof("run %s was still being published when the service stopped: publishing it again", run.runId());
            executor.execute(() -> {
                try {
                    publish(planner.replan(run.runId(), run.model(), run.suites(), run.createdAt(), run.cache(),
                            run.judge(), run.subject()));
                } catch (RuntimeException e) {
                    fail(run.runId(), e);
                }
            });
        }
    }

    void publish(RunPlan plan) {
        String runId = plan.runId();
        try {
            send(runs, runId, RunEvent.started(runId, Instant.now(), plan.model(), plan.suiteEvents(),
                    plan.expectedItems(), plan.subject()));
            int count = publishPrompts(plan);
            send(runs, runId, RunEvent.published(runId, Instant.now(), count));
            store.markPublished(runId, count);
            LOG.infof("run %s published: %d prompts", runId, count);
        } catch (RuntimeException e) {
            fail(runId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(runId, e);
        }
    }

    private int publishPrompts(RunPlan plan) throws InterruptedException {
        int window = config.publishWindow();
        Semaphore inFlight = new Semaphore(window);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger sent = new AtomicInteger();
        for (RunPlan.PlannedSuite suite : plan.suites()) {
            SampleSelector sampler = suite.sample() == null ? null : new SampleSelector(suite.seed());
            suites.forEachItem(suite.suiteId(), suite.version(), item -> {
                if (sampler != null && !sampler.inSample(item.unitId(), suite.sample())) {
                    return;
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("Kafka refused a prompt", failure.get());
                }
                acquire(inFlight);
                PromptEvent event = prompt(plan.runId(), plan.model(), plan.judge(), suite.suiteId(), suite.version(),
                        item, plan.cache());
                prompts.sendMessage(keyed(Topics.itemKey(plan.runId(), item.itemId()), event))
                        .subscribe().with(ok -> {
                            published.increment();
                            inFlight.release();
                        }, error -> {
                            failure.compareAndSet(null, error);
                            inFlight.release();
                        });
                sent.incrementAndGet();
            });
        }
        inFlight.acquire(window);
        if (failure.get() != null) {
            throw new IllegalStateException("Kafka refused a prompt", failure.get());
        }
        if (sent.get() != plan.expectedItems()) {
            throw new IllegalStateException("published " + sent.get() + " prompts but planned "
                    + plan.expectedItems() + ": the suite changed while the run was published");
        }
        return sent.get();
    }

    static PromptEvent prompt(String runId, ModelSpec model, ModelSpec judge, String suiteId, String version,
            SuiteItem item, boolean cache) {
        return new PromptEvent(Event.SCHEMA_VERSION, runId, item.itemId(), model, item.info(suiteId, version),
                item.messages(), Instant.now(), cache ? null : Boolean.FALSE, judge, null);
    }

    private void fail(String runId, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.errorf(e, "run %s could not be published", runId);
        try {
            store.markFailed(runId, reason);
            send(runs, runId, RunEvent.failed(runId, Instant.now(), reason));
        } catch (RuntimeException again) {
            LOG.errorf(again, "run %s: could not record the failure either", runId);
        }
    }

    private static void acquire(Semaphore semaphore) {
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    private static void send(MutinyEmitter<String> emitter, String key, Event event) {
        emitter.sendMessage(keyed(key, event)).await().atMost(SEND_TIMEOUT);
    }

    private static Message<String> keyed(String key, Event event) {
        return Message.of(EventCodec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
