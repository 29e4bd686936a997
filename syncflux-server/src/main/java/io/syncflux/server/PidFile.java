package io.syncflux.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The daemon's pid file, written so that a reader never sees it empty or half written. */
final class PidFile {
    private PidFile() {
    }

    /**
     * Writes {@code pid} and a newline to {@code file}, creating its directory, through a temporary file in
     * the same directory moved into place: a supervisor (systemd's {@code PIDFile=}, a test, a script) that
     * sees the file see the whole number. An old pid file is replaced.
     */
    static void write(Path file, long pid) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
