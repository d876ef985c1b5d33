package dev.cvalues.prompts;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import dev.cvalues.infra.quarkus.TestApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/**
 * OIDC by configuration alone: bearer JWTs of an identity provider (here, signed by a key this test makes) with
 * their roles in the groups claim; local tokens switched off.
 */
@QuarkusTest
@TestProfile(OidcTest.WithOidc.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class OidcTest {

    static final KeyPair PROVIDER = keys();
    static final KeyPair STRANGER = keys();
    static final String ISSUER = "https://idp.example.com/realms/evals";

    public static class WithOidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(PROVIDER.getPublic().getEncoded()),
                    "quarkus.oidc.token.issuer", ISSUER,
                    "cvalues.auth.local-tokens", "false");
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwt(KeyPair key, String user, List<String> groups, long expiresInSeconds) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(user);
        claims.setClaim("preferred_username", user);
        claims.setStringListClaim("groups", groups);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(expiresInSeconds / 60f);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theProvidersTokensCarryTheirGroupsAsRoles() {
        String runner = jwt(PROVIDER, "carol", List.of("runner"), 600);
        TestApi.as(runner).get("/api/me").then().statusCode(200).body("name", equalTo("carol"))
                .body("roles", hasItems("runner", "viewer"));
        TestApi.as(runner).contentType(ContentType.JSON)
                .body("{\"model\":{\"provider\":\"baseline:refuse\"},\"suites\":[{\"id\":\"cvalues-sample\",\"sampleSize\":2}]}")
                .post("/api/runs").then().statusCode(202);
        TestApi.as(jwt(PROVIDER, "dave", List.of("viewer"), 600)).contentType(ContentType.JSON)
                .body("{\"model\":{\"provider\":\"baseline:refuse\"},\"suites\":[{\"id\":\"cvalues-sample\"}]}")
                .post("/api/runs").then().statusCode(403);
        TestApi.as(jwt(PROVIDER, "eve", List.of("admin"), 600)).get("/api/tokens").then().statusCode(200);
    }

    @Test
    void aForeignSignatureAnExpiredTokenAndLocalTokensAreRefused() {
        TestApi.as(jwt(STRANGER, "mallory", List.of("admin"), 600)).get("/api/suites").then().statusCode(401);
        TestApi.as(jwt(PROVIDER, "carol", List.of("admin"), -600)).get("/api/suites").then().statusCode(401);
        TestApi.as(TestApi.ADMIN).get("/api/suites").then().statusCode(401);
        TestApi.anonymous().get("/api/suites").then().statusCode(401);
        TestApi.anonymous().get("/q/health/ready").then().statusCode(200);
    }
}
