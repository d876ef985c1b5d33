package dev.cvalues.scoring.stage;

import dev.cvalues.contracts.InvalidEventException;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Every stage of scoring-service: a channel's records taken a poll's batch at a time. Each record gives the
 * event it causes (none: it is skipped) or fails, and a failed record alone goes to the channel's dead-letter
 * topic with the reason. The batch is acknowledged once, when every event it caused is in Kafka and every failed
 * record is dead-lettered, so an offset is never committed before what it covers is written. Per record there is
 * no stream, acknowledgement or commit bookkeeping: seven channels read every response, and most skip most of them.
 */
final class RecordBatches {

    /** An event to send: its topic ({@code null}: the channel's own), key and encoded payload. */
    record Send(String topic, String key, String payload) {
    }

    /** The event one record causes, or null when it causes none; throws to dead-letter the record. */
    @FunctionalInterface
    interface Handler {
        Send handle(KafkaRecord<String, String> record);
    }

    private RecordBatches() {
    }

    /**
     * @param stage names the stage in the reason a record is dead-lettered with when the handler fails on it
     *              (an unreadable event is dead-lettered with its own reason)
     */
    static Multi<Message<String>> process(String stage, Multi<Message<List<String>>> batches, Handler handler) {
        return batches.onItem().transformToMultiAndConcatenate(message -> {
            @SuppressWarnings("unchecked")
            KafkaRecordBatch<String, String> batch = (KafkaRecordBatch<String, String>) (Message<?>) message;
            List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
            List<KafkaRecord<String, String>> sources = new ArrayList<>();
            List<Send> sends = new ArrayList<>();
            for (KafkaRecord<String, String> record : batch.getRecords()) {
                Send caused;
                try {
                    caused = handler.handle(record);
                } catch (InvalidEventException e) {
                    deadLettered.add(record.nack(e).toCompletableFuture());
                    continue;
                } catch (RuntimeException e) {
                    // a stage that fails on one record must not stop: dead-letter the record
                    deadLettered.add(record.nack(new IllegalStateException(stage + " failed: " + e, e))
                            .toCompletableFuture());
                    continue;
                }
                if (caused != null) {
                    sources.add(record);
                    sends.add(caused);
                }
            }
            CompletableFuture<Void> sent = new CompletableFuture<>();
            CompletionStage<Void> done = CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new))
                    .thenCombine(sent, (a, b) -> (Void) null).thenCompose(x -> batch.ack());
            if (sends.isEmpty()) {
                sent.complete(null);
                return Multi.createFrom().completionStage(() -> done.thenApply(x -> (Message<String>) null));
            }
            AtomicInteger pending = new AtomicInteger(sends.size());
            List<Message<String>> out = new ArrayList<>(sends.size());
            for (int i = 0; i < sends.size(); i++) {
                Send send = sends.get(i);
                KafkaRecord<String, String> source = sources.get(i);
                OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata =
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(send.key());
                if (send.topic() != null) {
                    metadata = metadata.withTopic(send.topic());
                }
                out.add(Message.of(send.payload(), Metadata.of(metadata.build()),
                        () -> oneSent(pending, sent, done),
                        // an event Kafka refused: its record is dead-lettered, the rest of the batch goes on
                        (Throwable reason) -> source.nack(reason).thenCompose(x -> oneSent(pending, sent, done))));
            }
            return Multi.createFrom().iterable(out);
        });
    }

    private static CompletionStage<Void> oneSent(AtomicInteger pending, CompletableFuture<Void> sent,
            CompletionStage<Void> done) {
        if (pending.decrementAndGet() == 0) {
            sent.complete(null);
            return done;
        }
        return CompletableFuture.completedFuture(null);
    }
}
