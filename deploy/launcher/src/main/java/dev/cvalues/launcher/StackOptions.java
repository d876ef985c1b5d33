package dev.cvalues.launcher;

import picocli.CommandLine.Option;

/** Ports of the broker and the database of a stack this command starts. */
public class StackOptions {

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka broker port (default ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--mongo-port", defaultValue = "27017", description = "MongoDB server port (default ${DEFAULT-VALUE})")
    int mongoPort;

    LocalStack.Ports ports() {
        LocalStack.Ports defaults = LocalStack.Ports.defaults();
        return new LocalStack.Ports(kafkaPort, mongoPort, defaults.services());
    }
}
