package dev.cvalues.platform.kafka;

/**
 * Where a service's own Kafka clients (the compacted-topic views) take their settings: the map Quarkus builds from
 * every {@code kafka.*} property and {@code KAFKA_*} environment variable (bootstrap servers, SASL/SCRAM or mTLS),
 * the same its messaging channels use, so one set of credentials configures every connection of a service.
 */
public final class KafkaSettings {

    /** The identifier of that map's bean. */
    public static final String DEFAULT_BROKER = "default-kafka-broker";

    private KafkaSettings() {
    }
}
