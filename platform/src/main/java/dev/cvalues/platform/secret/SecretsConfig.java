package dev.cvalues.platform.secret;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Where credentials may come from (CVALUES_SECRETS_...); shared by the services that check or resolve references. */
@ConfigMapping(prefix = "cvalues.secrets")
public interface SecretsConfig {

    /** Environment variables a credential reference may name start with this; any other variable is refused. */
    @WithDefault("CVALUES_SECRET_")
    String envPrefix();

    /**
     * Directory whose files a reference may name ({@code file:NAME}), for example a Kubernetes secret mount;
     * absent: file references are refused.
     */
    Optional<Path> directory();

    /** Largest credential, in bytes; a larger variable or file is refused unread. */
    @WithDefault("16384")
    int maxBytes();
}
