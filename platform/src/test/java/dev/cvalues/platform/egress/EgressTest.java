package dev.cvalues.platform.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressTest {

    private static EgressConfig config(List<String> allow, boolean linkLocal) {
        return new EgressConfig() {
            public List<String> allow() {
                return allow;
            }

            public boolean allowLinkLocal() {
                return linkLocal;
            }

            public boolean adHocEndpoints() {
                return false;
            }
        };
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private final Map<String, List<InetAddress>> dns = Map.of(
            "models.example.com", List.of(ip("10.1.2.3")),
            "rebind.example.com", List.of(ip("10.1.2.4"), ip("169.254.169.254")),
            "hooks.example.org", List.of(ip("203.0.113.7")));

    private Egress egress(List<String> allow) {
        return new Egress(config(allow, false), host -> dns.getOrDefault(host, List.of()));
    }

    @Test
    void metadataAndLinkLocalAreRefusedByDefaultHoweverWritten() {
        Egress any = egress(List.of("*"));
        assertThat(any.check("http://169.254.169.254/latest/meta-data/")).get().asString().contains("link-local");
        assertThat(any.check("http://100.100.100.200/latest/meta-data/")).isPresent();
        assertThat(any.check("http://[fd00:ec2::254]/")).isPresent();
        assertThat(any.check("http://[fe80::1]:8000/v1")).isPresent();
        assertThat(any.check("http://[::ffff:169.254.169.254]/")).isPresent();
        assertThat(any.check("http://metadata.google.internal/computeMetadata/v1/")).isPresent();
        assertThat(any.check("http://METADATA.google.internal./")).isPresent();
        assertThat(any.check("http://rebind.example.com/v1")).as("a name resolving to metadata").isPresent();
        assertThat(any.check("http://0.0.0.0:8000/v1")).isPresent();
        assertThat(new Egress(config(List.of("*"), true), h -> List.of()).check("http://169.254.169.254/")).isEmpty();
    }

    @Test
    void schemesUserInfoAndTheAllowList() {
        Egress any = egress(List.of("*"));
        assertThat(any.check("http://127.0.0.1:8000/v1")).isEmpty();
        assertThat(any.check("https://models.example.com/v1")).isEmpty();
        assertThat(any.check("file:///etc/passwd")).isPresent();
        assertThat(any.check("gopher://127.0.0.1:6379/")).isPresent();
        assertThat(any.check("http://user:pw@models.example.com/v1")).get().asString().contains("user info");

        Egress listed = egress(List.of("*.example.com", "10.0.0.0/8", "192.168.1.5"));
        assertThat(listed.check("https://models.example.com/v1")).isEmpty();
        assertThat(listed.check("https://example.com.evil.org/v1")).isPresent();
        assertThat(listed.check("http://10.9.9.9:8000/v1")).isEmpty();
        assertThat(listed.check("http://192.168.1.5/v1")).isEmpty();
        assertThat(listed.check("http://192.168.1.6/v1")).get().asString().contains("allow-list");
        assertThat(listed.check("https://hooks.example.org/x")).isPresent();
        assertThat(egress(List.of("10.0.0.0/8")).check("https://models.example.com/v1")).as("by resolved address")
                .isEmpty();
    }

    @Test
    void aNameIsResolvedOnceAMinute() {
        int[] lookups = {0};
        Egress counted = new Egress(config(List.of("*"), false), h -> {
            lookups[0]++;
            return dns.getOrDefault(h, List.of());
        });
        assertThat(counted.isResolved("https://models.example.com/v1")).isFalse();
        counted.check("https://models.example.com/v1");
        counted.check("https://models.example.com/v1/chat/completions");
        assertThat(lookups[0]).isEqualTo(1);
        assertThat(counted.isResolved("https://models.example.com/other")).isTrue();
        assertThat(counted.isResolved("http://127.0.0.1:1/")).isTrue();
    }
}
