package io.syncflux.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The daemon's log file: opened for appending (a restart, after a crash too, keeps the earlier lines) and
 * reopened on request, so that log rotation can move the file away and have the daemon write a new one
 * ({@code logrotate} with a {@code postrotate} that sends SIGHUP). Appending also keeps
 * {@code copytruncate} safe: after a truncation the next line goes to the start of the file. Thread-safe.
 */
final class LogFile extends OutputStream {
    private final Path file;
    private FileOutputStream out;

    /**
     * Opens (or creates) {@code file} for appending.
     *
     * @throws IOException when it cannot be opened
     */
    LogFile(Path file) throws IOException {
        this.file = file;
        this.out = new FileOutputStream(file.toFile(), true);
    }

    Path path() {
        return file;
    }

    /**
     * Opens the file's path again (a new file when rotation moved the old one) and closes the old stream.
     * When the path cannot be opened the old stream is kept.
     *
     * @throws IOException when the path cannot be opened
     */
    synchronized void reopen() throws IOException {
        FileOutputStream fresh = new FileOutputStream(file.toFile(), true);
        FileOutputStream old = out;
        out = fresh;
        old.close();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
