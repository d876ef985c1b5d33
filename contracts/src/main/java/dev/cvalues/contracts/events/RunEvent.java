package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cvalues.contracts.Event;
import dev.cvalues.contracts.InvalidEventException;
import java.time.Instant;
import java.util.List;

/**
 * Run lifecycle on {@code cvalues.runs}, keyed by run id. {@code started} carries the expected item count
 * and is published before the first prompt; {@code published} follows the last prompt; {@code failed}
 * means the run could not be (fully) published and carries the reason. {@code subject} (on {@code started},
 * optional): the model id and version the run evaluates.
 */
public record RunEvent(int schemaVersion, Type type, String runId, Instant occurredAt, ModelSpec model,
        List<RunSuite> suites, Integer expectedItems, String reason, RunSubject subject) implements Event {

    public enum Type {
        @JsonProperty("started")
        STARTED,
        @JsonProperty("published")
        PUBLISHED,
        @JsonProperty("failed")
        FAILED
    }

    public static RunEvent started(String runId, Instant at, ModelSpec model, List<RunSuite> suites, int expectedItems) {
        return started(runId, at, model, suites, expectedItems, null);
    }

    public static RunEvent started(String runId, Instant at, ModelSpec model, List<RunSuite> suites, int expectedItems,
            RunSubject subject) {
        return new RunEvent(SCHEMA_VERSION, Type.STARTED, runId, at, model, suites, expectedItems, null, subject);
    }

    public static RunEvent published(String runId, Instant at, int expectedItems) {
        return new RunEvent(SCHEMA_VERSION, Type.PUBLISHED, runId, at, null, null, expectedItems, null, null);
    }

    public static RunEvent failed(String runId, Instant at, String reason) {
        return new RunEvent(SCHEMA_VERSION, Type.FAILED, runId, at, null, null, null, reason, null);
    }

    @Override
    public void validate() {
        require(type, "type");
        require(runId, "runId");
        require(occurredAt, "occurredAt");
        if (type == Type.STARTED) {
            require(model, "model");
            model.validate("model");
            require(suites, "suites");
            require(expectedItems, "expectedItems");
            if (subject != null) {
                subject.validate("subject");
            }
        }
        if (expectedItems != null && expectedItems < 0) {
            throw new InvalidEventException("field 'expectedItems' must not be negative");
        }
        if (type == Type.FAILED) {
            require(reason, "reason");
        }
    }
}
