package dev.cvalues.platform.secret;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A reference to a credential: {@code env:NAME}, a variable whose name starts with the configured prefix, or
 * {@code file:NAME}, a regular file inside the configured secrets directory. Nothing else resolves: a request can
 * never make the platform read an arbitrary variable or file. Problems name the reference, never what it holds.
 */
public final class CredentialRef {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Z0-9_]+");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");

    /** A reference that cannot be used; the message is safe to show (it holds no credential). */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final String reference;
    private final boolean env;
    private final String name;

    private CredentialRef(String reference, boolean env, String name) {
        this.reference = reference;
        this.env = env;
        this.name = name;
    }

    /** Checks the form of a reference against the configuration, without reading anything. */
    public static CredentialRef parse(String reference, SecretsConfig config) {
        if (reference == null || reference.isBlank()) {
            throw new Invalid("credential reference is empty");
        }
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            if (!ENV_NAME.matcher(name).matches() || !name.startsWith(config.envPrefix())
                    || name.length() == config.envPrefix().length()) {
                throw new Invalid("env references name a variable " + config.envPrefix()
                        + "… (upper case, digits, _); other variables are never read");
            }
            return new CredentialRef(reference, true, name);
        }
        if (reference.startsWith("file:")) {
            String name = reference.substring(5);
            if (config.directory().isEmpty()) {
                throw new Invalid("file references are off: no secrets directory is configured (cvalues.secrets.directory)");
            }
            if (!FILE_NAME.matcher(name).matches()) {
                throw new Invalid("file references name a file inside the secrets directory (file:NAME, no leading /"
                        + " and no ..)");
            }
            return new CredentialRef(reference, false, name);
        }
        throw new Invalid("a credential reference is env:" + config.envPrefix() + "NAME or file:NAME");
    }

    public String reference() {
        return reference;
    }

    /**
     * Reads the credential (blocking: call it off the event loop, once). Surrounding white space is dropped; a value
     * that is empty, too large, or spans several lines or holds control characters (it could not go into a header
     * unchanged) is refused.
     */
    public String resolve(SecretsConfig config, Function<String, String> environment) {
        byte[] bytes;
        if (env) {
            String value = environment.apply(name);
            if (value == null) {
                throw new Invalid(reference + ": the variable is not set");
            }
            bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > config.maxBytes()) {
                throw new Invalid(reference + ": longer than " + config.maxBytes() + " bytes");
            }
        } else {
            bytes = readFile(config);
        }
        String value = new String(bytes, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
            throw new Invalid(reference + ": empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                throw new Invalid(reference + ": spans several lines or holds control characters");
            }
        }
        return value;
    }

    private byte[] readFile(SecretsConfig config) {
        try {
            Path dir = config.directory().orElseThrow().toRealPath();
            Path file = dir.resolve(name).normalize();
            if (!file.startsWith(dir)) {
                throw new Invalid(reference + ": outside the secrets directory");
            }
            // a Kubernetes mount links each key into a ..data directory of the same mount: follow links, stay inside
            Path real;
            try {
                real = file.toRealPath();
            } catch (IOException e) {
                throw new Invalid(reference + ": no such file in the secrets directory");
            }
            if (!real.startsWith(dir)) {
                throw new Invalid(reference + ": links outside the secrets directory");
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new Invalid(reference + ": not a regular file");
            }
            if (Files.size(real) > config.maxBytes()) {
                throw new Invalid(reference + ": larger than " + config.maxBytes() + " bytes");
            }
            try (InputStream in = Files.newInputStream(real)) {
                byte[] bytes = in.readNBytes(config.maxBytes() + 1);
                if (bytes.length > config.maxBytes()) {
                    throw new Invalid(reference + ": larger than " + config.maxBytes() + " bytes");
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new Invalid(reference + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        return reference;
    }
}
