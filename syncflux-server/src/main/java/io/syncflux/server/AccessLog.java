package io.syncflux.server;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;

/**
 * The HTTP access log: one line per request, {@code time remote method path status ms}, appended and
 * flushed as each request completes; {@link #reopen()} after log rotation. Thread-safe.
 */
final class AccessLog implements AutoCloseable {
    private final Path file;
    private BufferedWriter out;

    AccessLog(Path file) {
        this.file = file;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            this.out = open(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open access log " + file + ": " + e.getMessage(), e);
        }
    }

    private static BufferedWriter open(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /**
     * Opens the file's path again (a new file when rotation moved the old one); the old writer is kept when
     * the path cannot be opened.
     *
     * @throws IOException when the path cannot be opened
     */
    synchronized void reopen() throws IOException {
        BufferedWriter fresh = open(file);
        BufferedWriter old = out;
        out = fresh;
        try {
            old.close();
        } catch (IOException ignored) {
            // the old file is done with either way
        }
    }

    static String line(Instant time, String remote, String method, String path, int status, double ms) {
        return time + " " + remote + " " + method + " " + path + " " + status + " "
                + String.format(Locale.ROOT, "%.3f", ms) + "ms";
    }

    synchronized void write(String line) {
        try {
            out.write(line);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            // an access log that cannot be written must not fail the request
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // best effort on shutdown
        }
    }
}
