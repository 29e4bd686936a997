package io.syncflux.core.verify;

import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.influx.Utf8b;
import io.syncflux.core.report.SeriesDiff;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The full list of differing series, written as they are found (the report keeps a sample): one line per
 * series, tab-separated, names in the exact bytes the server holds. Thread-safe.
 */
final class DifferencesFile implements AutoCloseable {
    private final Path path;
    private final OutputStream out;

    private DifferencesFile(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** Creates (or replaces) the file. */
    static DifferencesFile create(Path path) {
        try {
            return new DifferencesFile(path, new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
        } catch (IOException e) {
            throw new SyncfluxException(SyncfluxException.Kind.FAILURE,
                    "cannot write the differences file " + path + ": " + e.getMessage(), e);
        }
    }

    synchronized void write(WorkUnit u, SeriesDiff d) {
        String line = u.db() + "." + u.rp() + "." + u.measurement() + "\t" + u.start() + "\t" + u.end() + "\t"
                + d.describe() + "\n";
        try {
            out.write(Utf8b.encode(line));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the differences file " + path, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new SyncfluxException(SyncfluxException.Kind.FAILURE,
                    "cannot write the differences file " + path + ": " + e.getMessage(), e);
        }
    }
}
