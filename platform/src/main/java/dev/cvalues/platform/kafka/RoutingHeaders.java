package dev.cvalues.platform.kafka;

import dev.cvalues.contracts.ResponseRouting;
import dev.cvalues.contracts.events.ResponseEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** {@link ResponseRouting} as Kafka record headers: written by every producer of responses, read by their consumers. */
public final class RoutingHeaders {

    private RoutingHeaders() {
    }

    /** The headers a response's record carries (none when its routing cannot be carried). */
    public static Headers of(ResponseEvent event) {
        RecordHeaders headers = new RecordHeaders();
        ResponseRouting.of(event).headers()
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** The routing a record carries, or null (decode the event then). */
    public static ResponseRouting read(Headers headers) {
        if (headers == null) {
            return null;
        }
        return ResponseRouting.read(name -> {
            Header header = headers.lastHeader(name);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        });
    }
}
