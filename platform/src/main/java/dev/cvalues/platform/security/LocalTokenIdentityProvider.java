package dev.cvalues.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a local token into an identity: the token's name as principal, its roles and the roles they imply. */
@ApplicationScoped
public class LocalTokenIdentityProvider implements IdentityProvider<LocalTokenRequest> {

    private final Tokens tokens;

    public LocalTokenIdentityProvider(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<LocalTokenRequest> getRequestType() {
        return LocalTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(LocalTokenRequest request, AuthenticationRequestContext context) {
        return tokens.holder(request.token()).<Uni<SecurityIdentity>>map(holder -> Uni.createFrom().item(
                QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(holder.name()))
                        .addRoles(Roles.implied(holder.roles())).addAttribute("token-id", holder.id()).build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException(
                        "the token is unknown, expired or revoked")));
    }
}
