package dev.cvalues.platform.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** How requests authenticate (CVALUES_AUTH_...): local tokens, plus OIDC when {@code quarkus.oidc.*} turns it on. */
@ConfigMapping(prefix = "cvalues.auth")
public interface AuthConfig {

    /**
     * Tokens given by configuration rather than created through the API, each {@code sha256:roles:name} (roles joined
     * by {@code +}), comma-separated: the local stack's admin token and the report-service's own token. Only the
     * SHA-256 of a token is ever configured.
     */
    Optional<List<String>> bootstrapTokens();

    /**
     * Whether local tokens ({@code cvt_…}, bootstrap ones included) authenticate. With an OIDC provider configured,
     * {@code false} leaves authentication to it alone.
     */
    @io.smallrye.config.WithDefault("true")
    boolean localTokens();
}
