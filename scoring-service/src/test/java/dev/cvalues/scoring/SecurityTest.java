package dev.cvalues.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cvalues.infra.quarkus.EndpointAudit;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class SecurityTest {

    @Test
    void everyEndpointRefusesAnonymousCallsAndTooSmallARole() throws Exception {
        assertThat(EndpointAudit.audit(Map.of(
                "POST /api/scorers/{scorerId}/score", "viewer",
                "POST /api/scorers/{scorerId}/read", "viewer"))).isNotEmpty();
    }
}
