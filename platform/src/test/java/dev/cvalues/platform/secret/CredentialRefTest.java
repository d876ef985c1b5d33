package dev.cvalues.platform.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialRefTest {

    @TempDir
    Path secrets;

    private SecretsConfig config(Path directory) {
        return new SecretsConfig() {
            public String envPrefix() {
                return "CVALUES_SECRET_";
            }

            public Optional<Path> directory() {
                return Optional.ofNullable(directory);
            }

            public int maxBytes() {
                return 64;
            }
        };
    }

    @Test
    void environmentReferencesNameOnlyPrefixedVariables() {
        SecretsConfig c = config(null);
        Map<String, String> env = Map.of("CVALUES_SECRET_QWEN", " sk-qwen\n", "HOME", "/root");
        assertThat(CredentialRef.parse("env:CVALUES_SECRET_QWEN", c).resolve(c, env::get)).isEqualTo("sk-qwen");
        assertThatThrownBy(() -> CredentialRef.parse("env:HOME", c)).hasMessageContaining("CVALUES_SECRET_");
        assertThatThrownBy(() -> CredentialRef.parse("env:CVALUES_SECRET_", c)).isInstanceOf(CredentialRef.Invalid.class);
        assertThatThrownBy(() -> CredentialRef.parse("env:cvalues_secret_x", c)).isInstanceOf(CredentialRef.Invalid.class);
        assertThatThrownBy(() -> CredentialRef.parse("env:CVALUES_SECRET_MISSING", c).resolve(c, env::get))
                .hasMessage("env:CVALUES_SECRET_MISSING: the variable is not set");
        assertThatThrownBy(() -> CredentialRef.parse("sk-pasted-key", c)).hasMessageNotContaining("sk-pasted-key");
    }

    @Test
    void fileReferencesStayInsideTheSecretsDirectory() throws IOException {
        Files.writeString(secrets.resolve("qwen"), "sk-file\n");
        SecretsConfig c = config(secrets);
        assertThat(CredentialRef.parse("file:qwen", c).resolve(c, n -> null)).isEqualTo("sk-file");
        assertThatThrownBy(() -> CredentialRef.parse("file:/etc/passwd", c)).isInstanceOf(CredentialRef.Invalid.class);
        assertThatThrownBy(() -> CredentialRef.parse("file:../etc/passwd", c)).isInstanceOf(CredentialRef.Invalid.class);
        assertThatThrownBy(() -> CredentialRef.parse("file:a/../../etc/passwd", c))
                .isInstanceOf(CredentialRef.Invalid.class);
        assertThatThrownBy(() -> CredentialRef.parse("file:qwen", config(null))).hasMessageContaining("no secrets directory");
        assertThatThrownBy(() -> CredentialRef.parse("file:none", c).resolve(c, n -> null))
                .hasMessage("file:none: no such file in the secrets directory");
    }

    @Test
    void aLinkOutOfTheDirectoryIsRefusedAndOneInsideFollowed() throws IOException {
        Path data = Files.createDirectory(secrets.resolve("..data"));
        Files.writeString(data.resolve("key"), "sk-mounted");
        Files.createSymbolicLink(secrets.resolve("key"), Path.of("..data/key"));
        Files.createSymbolicLink(secrets.resolve("passwd"), Path.of("/etc/passwd"));
        SecretsConfig c = config(secrets);
        assertThat(CredentialRef.parse("file:key", c).resolve(c, n -> null)).isEqualTo("sk-mounted");
        assertThatThrownBy(() -> CredentialRef.parse("file:passwd", c).resolve(c, n -> null))
                .hasMessage("file:passwd: links outside the secrets directory");
    }

    @Test
    void devicesFifosLargeFilesAndMultiLineValuesAreRefusedWithoutTheirContent() throws Exception {
        SecretsConfig c = config(secrets);
        Files.createSymbolicLink(secrets.resolve("zero"), Path.of("/dev/zero"));
        assertThatThrownBy(() -> CredentialRef.parse("file:zero", c).resolve(c, n -> null))
                .isInstanceOf(CredentialRef.Invalid.class);
        Path fifo = secrets.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).as("mkfifo").isZero();
        assertThatThrownBy(() -> CredentialRef.parse("file:fifo", c).resolve(c, n -> null))
                .hasMessage("file:fifo: not a regular file");
        Files.writeString(secrets.resolve("big"), "x".repeat(65));
        assertThatThrownBy(() -> CredentialRef.parse("file:big", c).resolve(c, n -> null))
                .hasMessage("file:big: larger than 64 bytes");
        Files.writeString(secrets.resolve("pem"), "line-one-SECRET\nline-two-SECRET\n");
        assertThatThrownBy(() -> CredentialRef.parse("file:pem", c).resolve(c, n -> null))
                .hasMessage("file:pem: spans several lines or holds control characters");
        Map<String, String> env = Map.of("CVALUES_SECRET_ML", "a-SECRET\r\nInjected: yes");
        assertThatThrownBy(() -> CredentialRef.parse("env:CVALUES_SECRET_ML", c).resolve(c, env::get))
                .hasMessageNotContaining("a-SECRET").hasMessageNotContaining("Injected");
    }
}
