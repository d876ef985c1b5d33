package dev.cvalues.scoring.stage;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.scoring.scorer.AnnouncedScorer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Announces every scorer of this service on the compacted topic cvalues.scorers when the service starts. */
@ApplicationScoped
public class ScorerAnnouncer {

    private static final Logger LOG = Logger.getLogger(ScorerAnnouncer.class);

    private final MutinyEmitter<String> scorers;
    private final Instance<AnnouncedScorer> all;

    public ScorerAnnouncer(@Channel("scorers-out") MutinyEmitter<String> scorers, Instance<AnnouncedScorer> all) {
        this.scorers = scorers;
        this.all = all;
    }

    void announce(@Observes StartupEvent event) {
        for (AnnouncedScorer scorer : all) {
            scorers.sendMessage(Message.of(EventCodec.encode(scorer.announcement()))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(scorer.id()).build()))
                    .await().atMost(Duration.ofSeconds(60));
            LOG.infof("announced scorer %s version %s", scorer.id(), scorer.version());
        }
    }
}
