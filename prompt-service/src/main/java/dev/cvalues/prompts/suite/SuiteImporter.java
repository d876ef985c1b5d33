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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Imports files all or nothing. A first pass reads every line and validates it (the format's checks, plus
 * unique item ids per suite) and writes nothing; only then are the items written in batches, and each
 * suite document last, so a suite is visible only once all its items are stored. Files are streamed:
 * memory holds the item ids of the import (to catch duplicates), never the items. Importing the same
 * files again changes nothing; a suite version that exists with other content is refused. Writing holds a lease
 * on each suite version (in MongoDB, so across instances): a second import of the same version meanwhile is
 * refused, never interleaved. An import that dies or fails while writing leaves its lease behind; the next one
 * takes it over and first removes the items it left.
 */
@ApplicationScoped
public class SuiteImporter {

    private static final Logger LOG = Logger.getLogger(SuiteImporter.class);
    private static final int BATCH = 500;
    /** Batches handed to the writer and not yet stored, at most: parsing goes on while MongoDB stores them. */
    private static final int WRITES_AHEAD = 2;
    /** The version the first pass reads suites under when it defaults to the digest, not known before its end. */
    private static final String PENDING_VERSION = "\u0000digest";

    /** The result: each suite of the import, and whether it was new. */
    public record Imported(Suite suite, boolean created) {
    }

    private static final class Tally {
        SuiteHeader header;
        final Map<String, Long> idLines = new HashMap<>();
        final Map<String, Integer> categories = new TreeMap<>();
        final Map<String, Integer> kinds = new TreeMap<>();
        final List<SuiteItem> batch = new ArrayList<>(BATCH);

        Tally(SuiteHeader header) {
            this.header = header;
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
        // the digest is read on a thread of its own while the first pass validates
        Digest digesting = new Digest(unbounded);
        boolean versioned = version != null && !version.isBlank();
        String suiteIdOption = suiteId == null || suiteId.isBlank() ? null : suiteId;
        Map<String, Tally> suites = new LinkedHashMap<>();
        try {
            read(format, files, new SuiteFormat.ImportOptions(versioned ? version : PENDING_VERSION, suiteIdOption),
                    (suite, item, line) -> {
                Tally tally = suites.computeIfAbsent(suite.id(), id -> new Tally(suite));
                Long earlier = tally.idLines.putIfAbsent(item.itemId(), line);
                if (earlier != null) {
                    throw new SuiteFormatException(files.name(), line, "id", "duplicate item id '" + item.itemId()
                            + "' in suite " + suite.id() + " (first on line " + earlier + ")");
                }
                tally.categories.merge(item.category(), 1, Integer::sum);
                tally.kinds.merge(item.kind().wireName(), 1, Integer::sum);
            });
            if (suites.isEmpty()) {
                throw new SuiteFormatException(files.name(), 0, null, "the file has no items");
            }
        } catch (RuntimeException e) {
            digesting.stop();
            throw e;
        }
        String digest = digesting.result();
        SuiteFormat.ImportOptions options = new SuiteFormat.ImportOptions(
                versioned ? version : "sha-" + digest.substring(0, 12), suiteIdOption);
        suites.values().forEach(tally -> tally.header = tally.header.version().equals(PENDING_VERSION)
                ? new SuiteHeader(tally.header.id(), options.version(), tally.header.title(),
                        tally.header.description())
                : tally.header);

        String owner = UUID.randomUUID().toString();
        List<String> leased = new ArrayList<>();
        Set<String> takenOver = new HashSet<>();
        boolean writing = false;
        try {
            List<Imported> result = new ArrayList<>();
            Map<String, Tally> toWrite = new LinkedHashMap<>();
            for (Tally tally : suites.values()) {
                String key = SuiteRepository.suiteKey(tally.header.id(), tally.header.version());
                SuiteRepository.Lease lease = repository.lease(key, owner, config.importLease());
                if (lease == SuiteRepository.Lease.HELD) {
                    throw new BadRequestException(Response.Status.CONFLICT, "version", "suite " + tally.header.id()
                            + " version " + tally.header.version() + " is being imported by another request; "
                            + "try again when it has finished");
                }
                leased.add(key);
                if (lease == SuiteRepository.Lease.TAKEN_OVER) {
                    takenOver.add(tally.header.id());
                }
                var existing = repository.find(tally.header.id(), tally.header.version());
                if (existing.isEmpty()) {
                    toWrite.put(tally.header.id(), tally);
                } else if (existing.get().digest().equals(digest)) {
                    result.add(new Imported(existing.get(), false));
                } else {
                    throw new BadRequestException(Response.Status.CONFLICT, "version", "suite " + tally.header.id()
                            + " version " + tally.header.version() + " already exists with other content; "
                            + "import it under a new version");
                }
            }
            if (!toWrite.isEmpty()) {
                writing = true;
                write(format, files, options, toWrite, owner, takenOver);
                for (Tally tally : toWrite.values()) {
                    Suite suite = new Suite(tally.header.id(), tally.header.version(), tally.header.title(),
                            tally.header.description(), tally.idLines.size(), tally.categories, tally.kinds, digest,
                            Instant.now());
                    repository.saveSuite(suite);
                    LOG.infof("imported suite %s version %s: %d items from %s (%s)", suite.id(), suite.version(),
                            suite.itemCount(), files.name(), formatId);
                    result.add(new Imported(suite, true));
                }
            }
            writing = false;
            return result;
        } finally {
            // an import that failed while writing leaves its lease, lapsed, for the next one to clean up after
            boolean abandoned = writing;
            leased.forEach(key -> {
                if (abandoned) {
                    repository.abandonLease(key, owner);
                } else {
                    repository.releaseLease(key, owner);
                }
            });
        }
    }

    /**
     * The second pass, under the leases: the items of each new suite version, in batches stored by a writer thread
     * while the next ones are parsed; the suites come after.
     */
    private void write(SuiteFormat format, ImportFiles files, SuiteFormat.ImportOptions options,
            Map<String, Tally> toWrite, String owner, Set<String> takenOver) {
        for (Tally tally : toWrite.values()) {
            if (takenOver.contains(tally.header.id())) {
                repository.deleteItems(tally.header.id(), tally.header.version());
            }
        }
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "suite-import-writer"));
        Deque<Future<?>> pending = new ArrayDeque<>();
        try {
            read(format, files, options, (suite, item, line) -> {
                Tally tally = toWrite.get(suite.id());
                if (tally == null) {
                    return;
                }
                tally.batch.add(item);
                if (tally.batch.size() == BATCH) {
                    submit(writer, pending, tally, owner);
                }
            });
            for (Tally tally : toWrite.values()) {
                if (!tally.batch.isEmpty()) {
                    submit(writer, pending, tally, owner);
                }
            }
            while (!pending.isEmpty()) {
                await(pending.removeFirst());
            }
        } finally {
            writer.shutdownNow();
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
        if (!repository.renewLease(SuiteRepository.suiteKey(tally.header.id(), tally.header.version()), owner)) {
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

    /**
     * SHA-256 over the main file then each companion, read on a thread of its own; it stops early when the
     * import no longer needs it.
     */
    private static final class Digest {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private volatile boolean stopped;

        Digest(ImportFiles files) {
            Thread thread = new Thread(() -> {
                try {
                    result.complete(digest(files, () -> stopped));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, "suite-import-digest");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            stopped = true;
        }

        String result() {
            try {
                return result.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
        }
    }

    /** SHA-256 over the main file then each companion (null when {@code stop} says so before the end). */
    static String digest(ImportFiles files, BooleanSupplier stop) {
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
                        if (stop.getAsBoolean()) {
                            return null;
                        }
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
