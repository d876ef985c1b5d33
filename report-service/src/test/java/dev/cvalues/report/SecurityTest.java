package dev.cvalues.report;

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
                "PUT /api/models/{model}/policy", "admin",
                "POST /api/deployments", "runner",
                "POST /api/runs/{runId}/review/{itemId}", "reviewer",
                "GET /api/runs/{runId}/annotations", "reviewer",
                "PUT /api/runs/{runId}/annotations/policy", "admin",
                "POST /api/runs/{runId}/annotations/{itemId}", "reviewer",
                "POST /api/scorers/{scorerId}/backfill", "admin"))).isNotEmpty();
    }
}
