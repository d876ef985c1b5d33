package dev.cvalues.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cvalues.contracts.events.ConnectionEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionEventTest {

    private final ConnectionEvent connection = new ConnectionEvent("vllm", "openai", "http://10.0.0.5:8000", null, null,
            null, List.of("/v2", "/models/"), "admin", null);

    @Test
    void aPathIsAllowedWhenItIsOrLiesUnderOneOfTheConnectionsPaths() {
        assertThat(connection.allows(null)).isTrue();
        assertThat(connection.allows("/v2")).isTrue();
        assertThat(connection.allows("/v2/chat")).isTrue();
        assertThat(connection.allows("/models/qwen-7b")).isTrue();
        assertThat(connection.allows("/v20")).as("a longer segment is another path").isFalse();
        assertThat(connection.allows("/v3")).isFalse();
        assertThat(connection.allows("/models")).as("only what lies under /models/").isFalse();
    }

    @Test
    void aPathCannotClimbOutOrCarryAnotherHostOrQuery() {
        assertThat(connection.allows("/v2/../admin")).isFalse();
        assertThat(connection.allows("/v2/..")).isFalse();
        assertThat(connection.allows("/v2/./x")).isFalse();
        assertThat(connection.allows("//evil.example.com/v2")).isFalse();
        assertThat(connection.allows("/v2?x=1")).isFalse();
        assertThat(connection.allows("/v2#x")).isFalse();
        assertThat(connection.allows("/v2%2f..")).isFalse();
        assertThat(connection.allows("@evil.example.com/v2")).isFalse();
        assertThat(connection.allows("v2")).isFalse();
    }

    @Test
    void aConnectionWithoutPathsAllowsItsEndpointOnly() {
        ConnectionEvent none = new ConnectionEvent("x", "openai", "http://h", null, null, null, null, null, null);
        assertThat(none.allows("/v2")).isFalse();
        assertThat(none.allows(null)).isTrue();
    }
}
