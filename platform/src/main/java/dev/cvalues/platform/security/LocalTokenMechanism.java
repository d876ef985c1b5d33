package dev.cvalues.platform.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * {@code Authorization: Bearer cvt_…}: a local token. Other bearer tokens (an OIDC provider's JWTs) are left to the
 * OIDC mechanism when it is enabled. Only the header counts, never a cookie or a query parameter, so a page of
 * another site cannot act with the user's token.
 */
@ApplicationScoped
public class LocalTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "bearer ";

    private final boolean enabled;

    public LocalTokenMechanism(AuthConfig config) {
        this.enabled = config.localTokens();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        if (!enabled || header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        String token = header.substring(BEARER.length()).trim();
        if (!token.startsWith(Tokens.PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(new LocalTokenRequest(token));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(LocalTokenRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }

    /** Before OIDC's mechanism, which would try a local token as a JWT. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
