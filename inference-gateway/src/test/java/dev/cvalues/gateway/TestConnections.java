package dev.cvalues.gateway;

import static dev.cvalues.infra.quarkus.TestApi.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Connections and secret files for the gateway's tests (the test profile's secrets directory). */
final class TestConnections {

    static final Path SECRETS = Path.of("target/test-secrets");

    static void secret(String name, String value) {
        try {
            Files.createDirectories(SECRETS);
            Files.writeString(SECRETS.resolve(name), value, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ValidatableResponse put(String name, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).put("/api/connections/" + name).then();
    }

    static void register(String name, String provider, String endpoint, String credentialRef, String... paths) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("provider", provider, "endpoint", endpoint,
                "paths", List.of(paths)));
        if (credentialRef != null) {
            body.put("credentialRef", credentialRef);
        }
        put(name, body).statusCode(200);
    }

    private TestConnections() {
    }
}
