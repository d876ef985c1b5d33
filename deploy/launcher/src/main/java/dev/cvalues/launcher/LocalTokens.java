package dev.cvalues.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The local stack's own tokens, made on first start and kept readable by this user only: the admin token every
 * {@code ./cvalues} command uses ({@code .cvalues/admin-token}), and report-service's runner token for prompt-service
 * (in the secrets directory, where report-service reads it by reference). The services are told only their SHA-256.
 */
final class LocalTokens {

    static final String ADMIN_FILE = "admin-token";
    static final String REPORT_SERVICE_FILE = "report-service-token";

    private LocalTokens() {
    }

    static String admin(RepoLayout layout) {
        return ensure(layout.home().resolve(ADMIN_FILE));
    }

    static String reportService(RepoLayout layout) {
        return ensure(LocalStack.secretsDirectory(layout).resolve(REPORT_SERVICE_FILE));
    }

    /** The services' {@code CVALUES_AUTH_BOOTSTRAP_TOKENS}: hashes, roles and names, no token. */
    static String bootstrapSetting(RepoLayout layout) {
        return sha256(admin(layout)) + ":admin:local-admin," + sha256(reportService(layout)) + ":runner:report-service";
    }

    /** The admin token of a stack that is running, for commands that talk to it. */
    static String existingAdmin(RepoLayout layout) {
        Path file = layout.home().resolve(ADMIN_FILE);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized String ensure(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.getParent());
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String token = "cvt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            Path partial = file.resolveSibling(file.getFileName() + ".new");
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, token + "\n", StandardCharsets.UTF_8);
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + file, e);
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
