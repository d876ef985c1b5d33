package dev.cvalues.platform.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A request's local token ({@code cvt_…}), to be checked by {@link LocalTokenIdentityProvider}. */
public class LocalTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public LocalTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
