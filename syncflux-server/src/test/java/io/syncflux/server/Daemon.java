package io.syncflux.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.syncflux.core.testing.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code syncflux-server} in its own JVM, as a service manager starts it: stdout and stderr in files of
 * the test's directory, an environment of the test's choice.
 */
final class Daemon implements AutoCloseable {
    final Process process;
    final Path stdout;
    final Path stderr;
    final int port;

    private Daemon(Process process, Path stdout, Path stderr, int port) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
    }

    /**
     * Starts {@code ServerMain} with these arguments.
     *
     * @param dir  where {@code <run>.out} and {@code <run>.err} go
     * @param port the API port the config names (for {@link #health()})
     * @param env  variables added to the environment
     */
    static Daemon start(Path dir, String run, int port, Map<String, String> env, String... args) {
        return start(dir, run, port, env, DEFAULT_SIGNALS, args);
    }

    /**
     * Runs the daemon with SIGHUP at its default action even when the test runs under {@code nohup} (which
     * makes SIGHUP ignored in every child): {@code env --default-signal=HUP} where coreutils has it.
     */
    static final List<String> DEFAULT_SIGNALS = envSupports("--default-signal=HUP")
            ? List.of("/usr/bin/env", "--default-signal=HUP") : List.of();

    /** True when {@code /usr/bin/env} takes this option. */
    static boolean envSupports(String option) {
        try {
            Process p = new ProcessBuilder("/usr/bin/env", option, "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** As above, the command run through {@code prefix} (for example {@code env --ignore-signal=HUP}). */
    static Daemon start(Path dir, String run, int port, Map<String, String> env, List<String> prefix,
                        String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerMain.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve(run + ".out");
        Path err = dir.resolve(run + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        try {
            return new Daemon(pb.start(), out, err, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** {@code /api/health}, or null while the daemon does not answer. */
    JsonNode health() {
        return TestServers.health(port);
    }

    /** Waits until {@code /api/health} reports the cluster OK. */
    Daemon awaitOk(Duration max) {
        Fixtures.await("cluster OK over HTTP", max, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the daemon exited with " + process.exitValue() + ": " + text(stderr)
                        + text(stdout));
            }
            JsonNode h = health();
            return h != null && h.get("ClusterState").asText().equals("OK");
        });
        return this;
    }

    /** Waits for the process to end and returns its exit code. */
    int awaitExit(Duration max) {
        try {
            if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the daemon did not exit within " + max);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** Sends a signal by name ({@code HUP}, {@code KILL}) with kill(1). */
    void signal(String name) {
        try {
            Process k = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
            if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() {
        process.destroyForcibly();
        if (awaitExit(Duration.ofSeconds(20)) != 137) {
            throw new AssertionError("killed, not stopped: exit " + process.exitValue());
        }
    }

    static String text(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
