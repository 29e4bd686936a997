package io.syncflux.server;

import io.syncflux.core.api.SyncfluxException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per {@code datadir}: an exclusive lock on {@code <datadir>/syncflux.lock}, held for the life
 * of the process, so that two daemons never write the same journal (each would drop the windows the other
 * owes). The file holds the owner's pid, for the message of the one refused. The operating system releases
 * the lock when the process ends, however it ends; the file itself stays.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE_NAME = "syncflux.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, creating the directory when needed, and writes {@code pid} into the lock file.
     *
     * @throws SyncfluxException (failure) with one line naming the directory and the other process when
     *                           another daemon holds it, or when the lock file cannot be created
     */
    static DataDirLock acquire(Path datadir, long pid) {
        Path dir = datadir.toAbsolutePath().normalize();
        Path file = dir.resolve(FILE_NAME);
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // this very process holds it already
            }
            if (l == null) {
                String owner = owner(ch);
                ch.close();
                throw new SyncfluxException(SyncfluxException.Kind.FAILURE, "datadir " + dir
                        + " is in use by another syncflux-server (" + owner + "): one daemon per datadir; stop that "
                        + "one or give this one another [General] datadir");
            }
            ch.truncate(0);
            // not forced to disk: the pid only names the owner to a daemon refused while it runs, and an fsync
            // here, on a disk busy with the nodes' writes, delayed the monitor's start by a second or more
            ch.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DataDirLock(ch, l);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new SyncfluxException(SyncfluxException.Kind.FAILURE, "cannot lock datadir " + dir + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    /** "pid N" from the lock file, or "pid unknown" while the owner has not written it yet. */
    private static String owner(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, 0);
        String text = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
        return text.matches("\\d{1,19}") ? "pid " + text : "pid unknown";
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /** Releases the lock (the process's end does too). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }
}
