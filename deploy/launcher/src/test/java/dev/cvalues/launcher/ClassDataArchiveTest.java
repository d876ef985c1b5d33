package dev.cvalues.launcher;

import static org.assertj.core.api.Assertions.assertThat;

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

    @TempDir
    Path dir;

    @Test
    void aStopWritesTheArchiveTheNextStartChecksAndMapsUntilTheBuildChanges() throws Exception {
        Path jar = programJar();
        Path archive = dir.resolve("program.jsa");
        Path part = dir.resolve("program.jsa.part");
        List<String> jvm = List.of("-Xmx64m", "-XX:+UseSerialGC");
        List<String> classPath = List.of("-cp", jar.toString());

        List<String> first = archive(jar, archive).options(jvm, classPath);
        assertThat(first).containsExactly("-XX:ArchiveClassesAtExit=" + part);
        assertThat(run(jvm, first, classPath)).isZero();
        assertThat(part).exists();
        assertThat(archive).doesNotExist();

        List<String> second = archive(jar, archive).options(jvm, classPath);
        assertThat(second).containsExactly("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        assertThat(part).doesNotExist();
        List<String> required = List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on");
        assertThat(run(jvm, required, classPath)).as("the JVM maps the archive").isZero();
        assertThat(archive(jar, archive).options(jvm, classPath)).isEqualTo(second);

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(archive(jar, archive).options(jvm, classPath)).as("a newer build")
                .containsExactly("-XX:ArchiveClassesAtExit=" + part);
        assertThat(archive).doesNotExist();
    }

    @Test
    void aPartCutShortByAKillIsRefusedAndWrittenAgain() throws Exception {
        Path jar = programJar();
        Path archive = dir.resolve("program.jsa");
        Path part = dir.resolve("program.jsa.part");
        List<String> jvm = List.of("-Xmx64m", "-XX:+UseSerialGC");
        List<String> classPath = List.of("-cp", jar.toString());
        assertThat(run(jvm, archive(jar, archive).options(jvm, classPath), classPath)).isZero();
        byte[] whole = Files.readAllBytes(part);
        Files.write(part, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThat(archive(jar, archive).options(jvm, classPath)).containsExactly("-XX:ArchiveClassesAtExit=" + part);
        assertThat(part).doesNotExist();
        assertThat(archive).doesNotExist();
    }

    private static ClassDataArchive archive(Path jar, Path archive) {
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

    private int run(List<String> jvm, List<String> archiveOptions, List<String> classPath) throws Exception {
        List<String> command = new ArrayList<>(List.of(LocalStack.java()));
        command.addAll(jvm);
        command.addAll(archiveOptions);
        command.addAll(classPath);
        command.add(Program.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("jvm.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
