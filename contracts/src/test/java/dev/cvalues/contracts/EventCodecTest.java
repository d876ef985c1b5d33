package dev.cvalues.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.contracts.events.RunEvent;
import org.junit.jupiter.api.Test;

/** Decoding gives a usable event or a reason fit for a dead-letter header. */
class EventCodecTest {

    @Test
    void malformedJsonIsRejectedWithAReason() {
        assertThatThrownBy(() -> EventCodec.decode("{not json", RunEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("malformed JSON");
    }

    @Test
    void missingNestedFieldIsNamed() {
        String json = """
                {"schemaVersion":1,"runId":"r","itemId":"i","model":{"provider":"openai","name":"m"},
                 "item":{"suiteId":"s","suiteVersion":"1","kind":"multiple_choice","category":"law","choices":["回复1","回复2"]},
                 "messages":[{"role":"user","content":"q"}]}""";
        assertThatThrownBy(() -> EventCodec.decode(json, PromptEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("missing required field 'item.answer'");
    }

    @Test
    void wrongTypeIsNamedWithItsPath() {
        String json = """
                {"schemaVersion":1,"type":"started","runId":"r","occurredAt":"2026-01-01T00:00:00Z",
                 "expectedItems":"many"}""";
        assertThatThrownBy(() -> EventCodec.decode(json, RunEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("field 'expectedItems'");
    }

    @Test
    void newerSchemaVersionIsRejected() {
        assertThatThrownBy(() -> EventCodec.decode("{\"schemaVersion\":2}", ResponseEvent.class))
                .hasMessageStartingWith("unsupported schemaVersion 2");
    }

    @Test
    void unknownFieldsAreIgnoredSoEventsCanGrow() {
        RunEvent event = EventCodec.decode("""
                {"schemaVersion":1,"type":"failed","runId":"r","occurredAt":"2026-01-01T00:00:00Z",
                 "reason":"x","addedLater":{"a":1}}""", RunEvent.class);
        assertThat(event.reason()).isEqualTo("x");
    }

    @Test
    void okResponseWithoutTextIsRejected() {
        String json = """
                {"schemaVersion":1,"runId":"r","itemId":"i","outcome":"ok","respondedAt":"2026-01-01T00:00:00Z",
                 "model":{"provider":"p","name":"n"},
                 "item":{"suiteId":"s","suiteVersion":"1","kind":"open","category":"law"}}""";
        assertThatThrownBy(() -> EventCodec.decode(json, ResponseEvent.class))
                .hasMessage("missing required field 'text'");
    }
}
