package io.syncflux.server;

import io.syncflux.core.api.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The daemon's pid file, written so that a reader never sees it empty or half written. */
final class PidFile {
    private PidFile() {
    }

    /**
     * Writes {@code pid} and a newline to {@code file}, creating its directory, with {@link AtomicFile}: a
     * supervisor (systemd's {@code PIDFile=}, a test, a script) that sees the file sees the whole number. An
     * old pid file is replaced.
     */
    static void write(Path file, long pid) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFile.write(file, (pid + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
