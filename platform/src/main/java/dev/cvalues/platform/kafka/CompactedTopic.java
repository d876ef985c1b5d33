package dev.cvalues.platform.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * A compacted topic held in memory: every instance reads the whole topic from the start (no consumer group, no
 * committed offsets) on its own thread and keeps the latest value per key; a tombstone removes the key. Listeners hear
 * each change on that thread, which is never an event loop. {@link #publish} writes a value and returns once this
 * instance's view holds it, so a caller reads its own writes.
 */
public final class CompactedTopic<T> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedTopic.class);

    private final String topic;
    private final Function<String, T> decoder;
    private final Map<String, Object> settings;
    private final Map<String, T> values = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, T>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final Thread thread;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile KafkaProducer<String, String> producer;
    private volatile boolean closed;

    /** @param decoder reads a record value; a value it cannot read is skipped with a warning */
    public CompactedTopic(String topic, Function<String, T> decoder, Map<String, Object> settings) {
        this.topic = topic;
        this.decoder = decoder;
        this.settings = Map.copyOf(settings);
        this.thread = new Thread(this::run, "view-" + topic);
        this.thread.setDaemon(true);
    }

    /** Hears every change, (key, value) or (key, null) for a removal, in topic order; register before {@link #start}. */
    public CompactedTopic<T> onChange(BiConsumer<String, T> listener) {
        listeners.add(listener);
        return this;
    }

    public CompactedTopic<T> start() {
        thread.start();
        return this;
    }

    /** Whether the view has read everything the topic held when it started. */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public T get(String key) {
        return values.get(key);
    }

    public Map<String, T> all() {
        return Map.copyOf(values);
    }

    /**
     * Writes a value (null: a tombstone) and waits until this view has applied it.
     *
     * @throws IllegalStateException when the broker does not acknowledge it in time
     */
    public void publish(String key, String value, Duration timeout) {
        RecordMetadata written;
        try {
            written = producer().send(new ProducerRecord<>(topic, key, value)).get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing to " + topic, e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (applied.getOrDefault(written.partition(), -1L) < written.offset()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IllegalStateException("written to " + topic + " but not read back in time");
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted reading back " + topic, e);
                }
            }
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.putAll(settings);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.remove(ConsumerConfig.GROUP_ID_CONFIG);
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    private void run() {
        Properties p = new Properties();
        p.putAll(settings);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a view must never create its topic: created by whoever creates the topics, it is compacted
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            consumer = c;
            List<TopicPartition> partitions = partitions(c);
            if (partitions == null) {
                return;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions));
            while (!closed) {
                for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                synchronized (progress) {
                    for (TopicPartition tp : partitions) {
                        applied.put(tp.partition(), c.position(tp) - 1);
                    }
                    progress.notifyAll();
                }
                if (caughtUp.getCount() > 0 && partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                LOG.errorf(e, "view of %s stopped", topic);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "view of %s stopped", topic);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> c) {
        while (!closed) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            LOG.warnf("topic %s not found yet; retrying", topic);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return;
        }
        T value = null;
        if (record.value() != null) {
            try {
                value = decoder.apply(record.value());
            } catch (RuntimeException e) {
                LOG.warnf("%s offset %d (key %s) skipped: %s", topic, record.offset(), record.key(), e.getMessage());
                return;
            }
        }
        if (value == null) {
            values.remove(record.key());
        } else {
            values.put(record.key(), value);
        }
        for (BiConsumer<String, T> listener : listeners) {
            try {
                listener.accept(record.key(), value);
            } catch (RuntimeException e) {
                LOG.errorf(e, "listener of %s failed on key %s", topic, record.key());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(2));
            }
        }
    }
}
