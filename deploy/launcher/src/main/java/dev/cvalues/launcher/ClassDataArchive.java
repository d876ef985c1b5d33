package dev.cvalues.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One process's class-data archive (the JDK's dynamic AppCDS): the classes a process of the local stack loaded,
 * written as it stopped, then mapped by every later start of the same build instead of being read from the jars,
 * parsed and verified again. Measured on this 2-core machine: the four services ready in 9.6-9.7 s instead of
 * 14.3-14.9, the broker and the database in 2.2-2.6 s instead of 3.8-4.4.
 * <p>
 * A start that finds no archive for its build has the JVM write one on the way out
 * ({@code -XX:ArchiveClassesAtExit}) to a {@code .part} beside it; the next start has a JVM map that part, checksums
 * verified, before taking it, so a process killed while writing leaves nothing that is used. A build, or a JDK, newer
 * than the archive makes it stale: the next stop writes it anew.
 */
final class ClassDataArchive {

    private final Path archive;
    private final Path part;
    /** The files of the process's build: an archive older than any of them is stale. */
    private final List<Path> build;

    ClassDataArchive(Path archive, List<Path> build) {
        this.archive = archive;
        this.part = archive.resolveSibling(archive.getFileName() + ".part");
        this.build = build;
    }

    /** A packaged service's archive; its build is everything under its quarkus-app. */
    static ClassDataArchive ofService(Path archive, Path quarkusApp) {
        List<Path> build = new ArrayList<>(jdkFiles());
        try (Stream<Path> files = Files.walk(quarkusApp)) {
            files.filter(Files::isRegularFile).forEach(build::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + quarkusApp, e);
        }
        return new ClassDataArchive(archive, build);
    }

    /** An archive for a process run on a class path (the broker, the database). */
    static ClassDataArchive ofClassPath(Path archive, String classPath) {
        List<Path> build = new ArrayList<>(jdkFiles());
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                build.add(Path.of(entry));
            }
        }
        return new ClassDataArchive(archive, build);
    }

    private static List<Path> jdkFiles() {
        Path home = Path.of(System.getProperty("java.home"));
        return List.of(home.resolve("lib/modules"), home.resolve("lib/server/libjvm.so"));
    }

    /**
     * The options that map this build's archive, or that write it when this process stops; none on a JDK whose own
     * archive does not load. A JVM started with the process's {@code jvmOptions} and class path ({@code -cp …})
     * checks a written part before it is taken, and that the JDK's own archive loads before one is written.
     */
    List<String> options(List<String> jvmOptions, List<String> classPath) {
        List<String> probe = new ArrayList<>(jvmOptions);
        probe.addAll(classPath);
        FileTime built = newest();
        if (fresh(archive, built)) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        }
        if (fresh(part, built) && maps(part, probe)) {
            try {
                Files.move(part, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
            } catch (IOException e) {
                // another start took it first, or the directory refuses: write it again
            }
        }
        try {
            Files.deleteIfExists(part);
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            // the JVM overwrites them
        }
        // a JVM whose own (base) archive does not load refuses to start with ArchiveClassesAtExit
        return starts(probe, List.of("-Xshare:on")) ? List.of("-XX:ArchiveClassesAtExit=" + part) : List.of();
    }

    private FileTime newest() {
        FileTime newest = FileTime.fromMillis(0);
        for (Path file : build) {
            try {
                FileTime t = Files.getLastModifiedTime(file);
                if (t.compareTo(newest) > 0) {
                    newest = t;
                }
            } catch (IOException e) {
                // a file that went away since the list was made changes nothing here
            }
        }
        return newest;
    }

    private static boolean fresh(Path file, FileTime built) {
        try {
            return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(built) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a JVM started as the process would be maps the archive, its checksums verified. */
    private static boolean maps(Path candidate, List<String> probe) {
        return starts(probe, List.of("-XX:SharedArchiveFile=" + candidate, "-Xshare:on", "-XX:+VerifySharedSpaces"));
    }

    /** Whether a JVM started as the process would be, with these options too, starts (and prints its version). */
    private static boolean starts(List<String> probe, List<String> options) {
        List<String> command = new ArrayList<>(List.of(LocalStack.java()));
        command.addAll(probe);
        command.addAll(options);
        command.add("-version");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
