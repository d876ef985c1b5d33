package dev.cvalues.platform.egress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Where the platform may send requests: model endpoints and webhooks (CVALUES_EGRESS_...). */
@ConfigMapping(prefix = "cvalues.egress")
public interface EgressConfig {

    /**
     * Hosts that may be called: a name ({@code api.example.com}), a suffix ({@code *.example.com}), an address or a
     * CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}), or {@code *} for any. Comma-separated.
     */
    @WithDefault("*")
    List<String> allow();

    /**
     * Whether link-local addresses (169.254.0.0/16, fe80::/10) and the cloud metadata services (169.254.169.254,
     * 100.100.100.200, fd00:ec2::254, metadata.google.internal …) may be called. Off: refused whatever {@code allow}
     * says, also when a name resolves to one.
     */
    @WithDefault("false")
    boolean allowLinkLocal();

    /**
     * Whether a run may name an endpoint that is no registered connection (such a call never carries a credential):
     * for a local vLLM or Ollama. The local stack turns it on; a shared deployment should not.
     */
    @WithDefault("false")
    boolean adHocEndpoints();
}
