package dev.cvalues.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cvalues.infra.quarkus.EndpointAudit;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class SecurityTest {

    @Test
    void everyEndpointRefusesAnonymousCallsAndTooSmallARole() throws Exception {
        assertThat(EndpointAudit.audit(Map.of(
                "PUT /api/connections/{name}", "admin",
                "DELETE /api/connections/{name}", "admin"))).isNotEmpty();
    }
}
