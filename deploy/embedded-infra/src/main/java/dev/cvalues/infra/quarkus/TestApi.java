package dev.cvalues.infra.quarkus;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * HTTP calls of the services' tests, with the tokens their test profile accepts (the services' application.properties
 * hold only these tokens' SHA-256). {@link #given()} calls as an admin; {@link #as} with another role;
 * {@link #anonymous()} with no token at all.
 */
public final class TestApi {

    public static final String ADMIN = "cvt_test-admin";
    public static final String RUNNER = "cvt_test-runner";
    public static final String REVIEWER = "cvt_test-reviewer";
    public static final String VIEWER = "cvt_test-viewer";
    /** Reviewers named alice and bob, two annotators. */
    public static final String ALICE = "cvt_test-alice";
    public static final String BOB = "cvt_test-bob";

    private TestApi() {
    }

    public static RequestSpecification given() {
        return as(ADMIN);
    }

    public static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }
}
