package dev.cvalues.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A process of the local stack, its output in a log file. */
public final class ManagedProcess {

    private final String name;
    private final ProcessHandle handle;
    private final Path log;

    private ManagedProcess(String name, ProcessHandle handle, Path log) {
        this.name = name;
        this.handle = handle;
        this.log = log;
    }

    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path log) {
        return start(name, command, env, log, false);
    }

    /** @param appendLog keep what the log already holds (a restart), instead of starting it afresh */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path log,
            boolean appendLog) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(env);
            return new ManagedProcess(name, builder.start().toHandle(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** A process started earlier (by another launcher invocation), known by its pid. */
    public static ManagedProcess attach(String name, long pid, Path log) {
        return ProcessHandle.of(pid).map(h -> new ManagedProcess(name, h, log)).orElse(null);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    /** Waits for {@code ready}; fails with the end of the log if the process dies or time runs out. */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!handle.isAlive()) {
                throw new IllegalStateException(name + " exited during startup; end of " + log + ":\n" + tail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; end of "
                        + log + ":\n" + tail(30));
            }
            sleep(200);
        }
    }

    public boolean logContains(String text) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() {
        handle.destroyForcibly();
    }

    /** Asks the process to stop (SIGTERM); returns without waiting. */
    public void requestStop() {
        handle.destroy();
    }

    /** Waits for the process to end, killing it if it has not within {@code timeout}. */
    public void awaitStop(Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
