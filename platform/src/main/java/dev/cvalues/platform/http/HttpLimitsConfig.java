package dev.cvalues.platform.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Limits on request bodies, per kind of endpoint (CVALUES_HTTP_...). */
@ConfigMapping(prefix = "cvalues.http")
public interface HttpLimitsConfig {

    /** The largest body of an ordinary (JSON) request. */
    @WithDefault("1M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxBodySize();

    /** Paths that take file uploads instead, bounded by {@code quarkus.http.limits.max-body-size} only. */
    Optional<List<String>> uploadPaths();
}
