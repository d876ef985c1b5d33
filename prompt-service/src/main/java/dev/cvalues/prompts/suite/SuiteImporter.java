package dev.cvalues.prompts.suite;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.prompts.api.BadRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Imports a suite file all or nothing: a first pass validates every line and computes the digest without
 * writing; only a valid file is written, items first and the suite document last, so a suite is visible
 * only once all its items are stored. Re-importing the same file changes nothing.
 */
@ApplicationScoped
public class SuiteImporter {

    private static final Logger LOG = Logger.getLogger(SuiteImporter.class);
    private static final int BATCH = 500;

    private final SuiteRepository repository;

    public SuiteImporter(SuiteRepository repository) {
        this.repository = repository;
    }

    /** @param open opens the file afresh; it is read twice */
    public Suite importSuite(String source, Supplier<InputStream> open) {
        Map<String, Integer> categories = new TreeMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        int[] count = {0};
        MessageDigest digest = sha256();
        SuiteFile.Header header = read(source, open, digest, item -> {
            count[0]++;
            categories.merge(item.category(), 1, Integer::sum);
            kinds.merge(item.kind().name().toLowerCase(), 1, Integer::sum);
        });
        String hex = HexFormat.of().formatHex(digest.digest());

        var existing = repository.find(header.id(), header.version());
        if (existing.isPresent()) {
            if (existing.get().digest().equals(hex)) {
                return existing.get();
            }
            throw new BadRequestException(Response.Status.CONFLICT, "suite.version",
                    "suite " + header.id() + " version " + header.version()
                            + " already exists with different content; give the file a new version");
        }

        List<SuiteItem> batch = new ArrayList<>(BATCH);
        read(source, open, sha256(), item -> {
            batch.add(item);
            if (batch.size() == BATCH) {
                repository.saveItems(header.id(), header.version(), batch);
                batch.clear();
            }
        });
        repository.saveItems(header.id(), header.version(), batch);
        Suite suite = new Suite(header.id(), header.version(), header.title(), header.description(), count[0],
                categories, kinds, hex, Instant.now());
        repository.saveSuite(suite);
        LOG.infof("imported suite %s version %s: %d items from %s", suite.id(), suite.version(), count[0], source);
        return suite;
    }

    private static SuiteFile.Header read(String source, Supplier<InputStream> open, MessageDigest digest,
            java.util.function.Consumer<SuiteItem> sink) {
        try (InputStream in = new DigestInputStream(open.get(), digest);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return new SuiteFile(source, EventCodec.mapper()).read(reader, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
