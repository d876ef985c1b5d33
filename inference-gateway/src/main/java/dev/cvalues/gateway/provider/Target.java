package dev.cvalues.gateway.provider;

/**
 * Where one call goes: the base URL (null: the provider's default endpoint) and the credential it carries (null: none).
 * Made by the gateway from a registered connection or an allowed ad-hoc endpoint, never from what a request says.
 */
public record Target(String baseUrl, String credential) {

    public static final Target NONE = new Target(null, null);

    @Override
    public String toString() {
        return "Target[" + baseUrl + (credential == null ? "" : ", with credential") + "]";
    }
}
