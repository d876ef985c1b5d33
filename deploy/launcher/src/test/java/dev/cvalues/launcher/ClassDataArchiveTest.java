package dev.cvalues.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs write, check, map and refuse the archives of a one-class program. */
class ClassDataArchiveTest {

    /** The program: loads a few classes and exits. */
    public static final class Program {
        public static void main(String[] args) {
            System.out.println(new java.util.TreeMap<>(java.util.Map.of("loaded", List.of(1, 2))));
        }
    }

    private static final List<String> JVM = List.of("-Xmx64m", "-XX:+UseSerialGC");

    @TempDir
    Path dir;
    private Path jar;
    private Path archive;
    private Path part;
    private List<String> classPath;

    @BeforeEach
    void program() throws Exception {
        Process jdk = new ProcessBuilder(LocalStack.java(), "-Xshare:on", "-version")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        assumeTrue(jdk.waitFor() == 0, "this JDK has no class-data archive of its own to build on");
        jar = programJar();
        archive = dir.resolve("program.jsa");
        part = dir.resolve("program.jsa.part");
        classPath = List.of("-cp", jar.toString());
    }

    @Test
    void aStopWritesTheArchiveTheNextStartChecksAndMapsUntilTheBuildChanges() throws Exception {
        List<String> first = archive().options(JVM, classPath);
        assertThat(first).containsExactly("-XX:ArchiveClassesAtExit=" + part);
        assertThat(run(first)).isZero();
        assertThat(part).exists();
        assertThat(archive).doesNotExist();

        List<String> second = archive().options(JVM, classPath);
        assertThat(second).containsExactly("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        assertThat(part).doesNotExist();
        List<String> required = List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on");
        assertThat(run(required)).as("the JVM maps the archive").isZero();
        assertThat(archive().options(JVM, classPath)).isEqualTo(second);

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(archive().options(JVM, classPath)).as("a newer build")
                .containsExactly("-XX:ArchiveClassesAtExit=" + part);
        assertThat(archive).doesNotExist();
    }

    @Test
    void aJvmWhoseOwnArchiveDoesNotLoadStartsWithoutOne() {
        List<String> withoutBase = List.of("-Xmx64m", "-XX:SharedArchiveFile=" + dir.resolve("missing.jsa"));
        assertThat(archive().options(withoutBase, classPath)).isEmpty();
        assertThat(part).doesNotExist();
    }

    @Test
    void aPartCutShortByAKillIsRefusedAndWrittenAgain() throws Exception {
        assertThat(run(archive().options(JVM, classPath))).isZero();
        byte[] whole = Files.readAllBytes(part);
        Files.write(part, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThat(archive().options(JVM, classPath)).containsExactly("-XX:ArchiveClassesAtExit=" + part);
        assertThat(part).doesNotExist();
        assertThat(archive).doesNotExist();
    }

    private ClassDataArchive archive() {
        return ClassDataArchive.ofClassPath(archive, jar.toString());
    }

    private Path programJar() throws Exception {
        Path jar = dir.resolve("program.jar");
        String entry = Program.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
                InputStream in = Program.class.getClassLoader().getResourceAsStream(entry)) {
            zip.putNextEntry(new JarEntry(entry));
            in.transferTo(zip);
            zip.closeEntry();
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        return jar;
    }

    private int run(List<String> archiveOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(LocalStack.java()));
        command.addAll(JVM);
        command.addAll(archiveOptions);
        command.addAll(classPath);
        command.add(Program.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("jvm.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
