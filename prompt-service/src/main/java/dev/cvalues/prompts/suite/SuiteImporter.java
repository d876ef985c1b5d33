package dev.cvalues.prompts.suite;

import dev.cvalues.prompts.PromptServiceConfig;
import dev.cvalues.prompts.api.BadRequestException;
import dev.cvalues.prompts.suite.format.ImportFiles;
import dev.cvalues.prompts.suite.format.SuiteFormat;
import dev.cvalues.prompts.suite.format.SuiteHeader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Imports files all or nothing, in one pass: every line is validated (the format's checks, plus unique item ids per
 * suite) as it is read, and the items of each new suite version are stored in batches meanwhile, by writer threads
 * while the next lines are parsed. Each suite document comes last, so a suite is visible only once all its items are
 * stored; an import that fails (a bad line, a conflict) removes the items it stored before it answers. Files are
 * streamed: memory holds the item ids of the import (to catch duplicates) and a few batches, never the file.
 * Importing the same files again changes nothing; a suite version that exists with other content is refused. Writing
 * holds a lease on each suite version (in MongoDB, so across instances), taken when its first item is read: a second
 * import of the same version meanwhile is refused, never interleaved. An import that dies, or cannot remove what it
 * stored, leaves its lease behind; the next one takes it over and first removes the items it left.
 */
@ApplicationScoped
public class SuiteImporter {

    private static final Logger LOG = Logger.getLogger(SuiteImporter.class);
    private static final int BATCH = 500;
    /**
     * Writers, each on a connection of its own: one encodes and sends a batch while MongoDB stores another (with one,
     * the two took turns and the server stood idle half the time).
     */
    private static final int WRITERS = 2;
    /** Batches handed to the writers and not yet stored, at most. */
    private static final int WRITES_AHEAD = 3;

    /** The result: each suite of the import, and whether it was new. */
    public record Imported(Suite suite, boolean created) {
    }

    /** One suite of the import: what was read of it, and whether its items are written or already stored. */
    private static final class Tally {
        final SuiteHeader header;
        final String key;
        /** The same version stored from the same files: read to validate, nothing written. */
        final Suite existing;
        final Map<String, Long> idLines = new HashMap<>();
        final Map<String, Integer> categories = new TreeMap<>();
        final Map<String, Integer> kinds = new TreeMap<>();
        final List<SuiteItem> batch = new ArrayList<>(BATCH);
        /** Its suite document is stored: the suite is complete. */
        boolean saved;

        Tally(SuiteHeader header, Suite existing) {
            this.header = header;
            this.key = SuiteRepository.suiteKey(header.id(), header.version());
            this.existing = existing;
        }
    }

    private final SuiteRepository repository;
    private final SuiteFormats formats;
    private final PromptServiceConfig config;

    public SuiteImporter(SuiteRepository repository, SuiteFormats formats, PromptServiceConfig config) {
        this.repository = repository;
        this.formats = formats;
        this.config = config;
    }

    /**
     * @param version the version of suites whose files carry none; by default {@code sha-<12 hex of the files>}
     * @param suiteId the suite id, for formats whose files carry none
     */
    public List<Imported> importFiles(String formatId, ImportFiles unbounded, String version, String suiteId) {
        ImportFiles files = unbounded.bounded(config.maxLineBytes());
        SuiteFormat format = formats.get(formatId);
        for (String companion : format.companions()) {
            files.companion(companion);
        }
        String digest = digest(unbounded);
        SuiteFormat.ImportOptions options = new SuiteFormat.ImportOptions(
                version == null || version.isBlank() ? "sha-" + digest.substring(0, 12) : version,
                suiteId == null || suiteId.isBlank() ? null : suiteId);

        String owner = UUID.randomUUID().toString();
        Map<String, Tally> suites = new LinkedHashMap<>();
        ExecutorService writer = Executors.newFixedThreadPool(WRITERS, r -> new Thread(r, "suite-import-writer"));
        Deque<Future<?>> pending = new ArrayDeque<>();
        boolean done = false;
        try {
            read(format, files, options, (suite, item, line) -> {
                Tally tally = suites.get(suite.id());
                if (tally == null) {
                    tally = open(suite, digest, owner);
                    suites.put(suite.id(), tally);
                }
                Long earlier = tally.idLines.putIfAbsent(item.itemId(), line);
                if (earlier != null) {
                    throw new SuiteFormatException(files.name(), line, "id", "duplicate item id '" + item.itemId()
                            + "' in suite " + suite.id() + " (first on line " + earlier + ")");
                }
                tally.categories.merge(item.category(), 1, Integer::sum);
                tally.kinds.merge(item.kind().wireName(), 1, Integer::sum);
                if (tally.existing == null) {
                    tally.batch.add(item);
                    if (tally.batch.size() == BATCH) {
                        submit(writer, pending, tally, owner);
                    }
                }
            });
            if (suites.isEmpty()) {
                throw new SuiteFormatException(files.name(), 0, null, "the file has no items");
            }
            for (Tally tally : suites.values()) {
                if (!tally.batch.isEmpty()) {
                    submit(writer, pending, tally, owner);
                }
            }
            while (!pending.isEmpty()) {
                await(pending.removeFirst());
            }
            List<Imported> result = new ArrayList<>();
            suites.values().stream().filter(t -> t.existing != null)
                    .forEach(t -> result.add(new Imported(t.existing, false)));
            for (Tally tally : suites.values()) {
                if (tally.existing == null) {
                    holdLease(tally, owner);
                    Suite suite = new Suite(tally.header.id(), tally.header.version(), tally.header.title(),
                            tally.header.description(), tally.idLines.size(), tally.categories, tally.kinds, digest,
                            Instant.now());
                    repository.saveSuite(suite);
                    tally.saved = true;
                    LOG.infof("imported suite %s version %s: %d items from %s (%s)", suite.id(), suite.version(),
                            suite.itemCount(), files.name(), formatId);
                    result.add(new Imported(suite, true));
                }
            }
            done = true;
            return result;
        } finally {
            stop(writer);
            release(suites.values(), owner, done);
        }
    }

    /**
     * Takes the lease of a suite version at its first item, and finds whether it is stored: with the same digest it
     * is read to the end and nothing written; with another, refused.
     */
    private Tally open(SuiteHeader header, String digest, String owner) {
        String key = SuiteRepository.suiteKey(header.id(), header.version());
        SuiteRepository.Lease lease = repository.lease(key, owner, config.importLease());
        if (lease == SuiteRepository.Lease.HELD) {
            throw new BadRequestException(Response.Status.CONFLICT, "version", "suite " + header.id()
                    + " version " + header.version() + " is being imported by another request; "
                    + "try again when it has finished");
        }
        Suite existing;
        try {
            existing = repository.find(header.id(), header.version()).orElse(null);
            if (existing != null && !existing.digest().equals(digest)) {
                throw new BadRequestException(Response.Status.CONFLICT, "version", "suite " + header.id()
                        + " version " + header.version() + " already exists with other content; "
                        + "import it under a new version");
            }
            if (existing == null && lease == SuiteRepository.Lease.TAKEN_OVER) {
                repository.deleteItems(header.id(), header.version());
            }
        } catch (RuntimeException e) {
            repository.releaseLease(key, owner);
            throw e;
        }
        return new Tally(header, existing);
    }

    /** Waits for the batch being stored, and drops those not started: nothing is written after this. */
    private static void stop(ExecutorService writer) {
        writer.shutdownNow();
        try {
            if (!writer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                LOG.warn("the import's writer did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Releases the leases; an import that did not finish first removes the items it stored, and leaves a lease whose
     * items it could not remove for the next import to clean up after.
     */
    private void release(Iterable<Tally> suites, String owner, boolean done) {
        for (Tally tally : suites) {
            try {
                // only while it still holds the lease: one that lapsed is another import's now, and so are the items
                if (!done && tally.existing == null && !tally.saved && repository.renewLease(tally.key, owner)) {
                    repository.deleteItems(tally.header.id(), tally.header.version());
                }
                repository.releaseLease(tally.key, owner);
            } catch (RuntimeException e) {
                LOG.warnf("import of suite %s version %s: cannot remove what it stored (%s); the next import of the "
                        + "version removes it", tally.header.id(), tally.header.version(), e.getMessage());
                try {
                    repository.abandonLease(tally.key, owner);
                } catch (RuntimeException ignored) {
                    // the lease lapses by itself
                }
            }
        }
    }

    private void submit(ExecutorService writer, Deque<Future<?>> pending, Tally tally, String owner) {
        while (pending.size() >= WRITES_AHEAD) {
            await(pending.removeFirst());
        }
        List<SuiteItem> batch = List.copyOf(tally.batch);
        tally.batch.clear();
        pending.add(writer.submit(() -> {
            holdLease(tally, owner);
            repository.saveItems(tally.header.id(), tally.header.version(), batch);
        }));
    }

    private static void await(Future<?> write) {
        try {
            write.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the items", e);
        }
    }

    /** Renews the lease before each batch; an import that lost it (it stalled past the lease) stops writing. */
    private void holdLease(Tally tally, String owner) {
        if (!repository.renewLease(tally.key, owner)) {
            throw new BadRequestException(Response.Status.CONFLICT, "version", "suite " + tally.header.id()
                    + " version " + tally.header.version() + ": this import stalled for longer than the import lease"
                    + " (CVALUES_PROMPTS_IMPORT_LEASE) and another import took the version over");
        }
    }

    private static void read(SuiteFormat format, ImportFiles files, SuiteFormat.ImportOptions options,
            SuiteFormat.ItemSink sink) {
        try {
            format.read(files, options, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.name(), e);
        }
    }

    /** SHA-256 over the main file then each companion. */
    static String digest(ImportFiles files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<ImportFiles.Opener> all = new ArrayList<>();
            all.add(files.main());
            files.companions().values().forEach(n -> all.add(n.opener()));
            byte[] buffer = new byte[64 * 1024];
            for (ImportFiles.Opener opener : all) {
                try (InputStream in = opener.open()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        sha.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.name(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
