package dev.cvalues.platform.egress;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checks a URL the platform is about to call (a model endpoint, a webhook) against {@link EgressConfig}: http(s),
 * no user info, a host on the allow-list, and no link-local or cloud-metadata address, by literal or by what the
 * name resolves to. Names are resolved at most once a minute per host ({@link #isResolved} says when a check would
 * not block).
 */
@ApplicationScoped
public class Egress {

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.com", "metadata.tencentyun.com");
    private static final List<Block> METADATA_BLOCKS = List.of(Block.parse("169.254.0.0/16"), Block.parse("fe80::/10"),
            Block.parse("100.100.100.200/32"), Block.parse("fd00:ec2::254/128"), Block.parse("192.0.0.192/32"));
    private static final long RESOLVED_FOR_NANOS = 60_000_000_000L;

    private record Resolved(long at, List<InetAddress> addresses) {
    }

    private final EgressConfig config;
    private final List<String> names = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final boolean any;
    private final Function<String, List<InetAddress>> resolver;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    @Inject
    public Egress(EgressConfig config) {
        this(config, Egress::resolve);
    }

    Egress(EgressConfig config, Function<String, List<InetAddress>> resolver) {
        this.config = config;
        this.resolver = resolver;
        boolean star = false;
        for (String entry : config.allow()) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.equals("*")) {
                star = true;
            } else if (e.contains("/") || isLiteral(e)) {
                blocks.add(Block.parse(e.contains("/") ? e : e + (e.contains(":") ? "/128" : "/32")));
            } else {
                names.add(e);
            }
        }
        this.any = star;
    }

    public boolean adHocEndpoints() {
        return config.adHocEndpoints();
    }

    /** Whether {@link #check} of this URL answers without resolving a name (an address, or a name seen lately). */
    public boolean isResolved(String url) {
        String host = host(url);
        if (host == null || isLiteral(host)) {
            return true;
        }
        Resolved r = resolved.get(host);
        return r != null && System.nanoTime() - r.at() < RESOLVED_FOR_NANOS;
    }

    /** What forbids calling this URL, or empty when it may be called. May resolve the host: call it off the event loop. */
    public Optional<String> check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Optional.of("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs can be called");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("a URL cannot carry user info (credentials belong in a connection's credential reference)");
        }
        String host = host(url);
        if (host == null || host.isEmpty()) {
            return Optional.of("the URL has no host");
        }
        if (!config.allowLinkLocal() && METADATA_NAMES.contains(host)) {
            return Optional.of("host " + host + " is a cloud metadata service");
        }
        List<InetAddress> addresses = isLiteral(host) ? List.of(literal(host)) : addresses(host);
        if (!config.allowLinkLocal()) {
            for (InetAddress a : addresses) {
                if (a.isLinkLocalAddress() || METADATA_BLOCKS.stream().anyMatch(b -> b.contains(a))) {
                    return Optional.of("host " + host + " is a link-local or cloud metadata address ("
                            + a.getHostAddress() + ")");
                }
                if (a.isAnyLocalAddress()) {
                    return Optional.of("host " + host + " is the unspecified address");
                }
            }
        }
        if (any || allowedByName(host)) {
            return Optional.empty();
        }
        if (!addresses.isEmpty() && addresses.stream().allMatch(a -> blocks.stream().anyMatch(b -> b.contains(a)))) {
            return Optional.empty();
        }
        return Optional.of("host " + host + " is not on the egress allow-list (cvalues.egress.allow)");
    }

    private boolean allowedByName(String host) {
        for (String n : names) {
            if (n.startsWith("*.") ? host.endsWith(n.substring(1)) : host.equals(n)) {
                return true;
            }
        }
        return false;
    }

    private List<InetAddress> addresses(String host) {
        Resolved r = resolved.get(host);
        if (r == null || System.nanoTime() - r.at() >= RESOLVED_FOR_NANOS) {
            r = new Resolved(System.nanoTime(), resolver.apply(host));
            resolved.put(host, r);
        }
        return r.addresses();
    }

    /** An unresolvable name is checked by its name alone: the call itself will fail to connect. */
    private static List<InetAddress> resolve(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    static String host(String url) {
        try {
            String host = new URI(url).getHost();
            if (host == null) {
                return null;
            }
            host = host.toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        } catch (Exception e) {
            return null;
        }
    }

    static boolean isLiteral(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host); // a literal address: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + host, e);
        }
    }

    /** An address block (CIDR). */
    record Block(byte[] network, int bits) {

        static Block parse(String cidr) {
            int slash = cidr.indexOf('/');
            try {
                byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                int bits = Integer.parseInt(cidr.substring(slash + 1));
                if (bits < 0 || bits > net.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + cidr);
                }
                return new Block(net, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("cvalues.egress.allow: not an address or CIDR block: " + cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (address instanceof Inet6Address && network.length == 4 && isMapped(a)) {
                a = java.util.Arrays.copyOfRange(a, 12, 16);
            }
            if (a.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }

        private static boolean isMapped(byte[] a) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return false;
                }
            }
            return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
        }
    }
}
