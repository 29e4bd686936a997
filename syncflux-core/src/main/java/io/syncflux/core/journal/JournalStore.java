package io.syncflux.core.journal;

/**
 * Where an HA monitor keeps its durable state ({@link JournalState}: open outages, owed windows with the
 * units already copied, refused ranges and a heartbeat), so that a restarted monitor resumes what is still
 * owed and verifies its own downtime. The default is a JSON file under the datadir ({@link RecoveryJournal});
 * an embedder may keep the state elsewhere (a database, a key-value store) by passing its own store to
 * {@code HaMonitor.Builder.journalStore}.
 *
 * <p>The monitor calls {@link #load()} once at start, then {@link #save} after each change and before it
 * acts on it, one call at a time (never concurrently). Two monitors must not share a store.
 */
public interface JournalStore {
    /**
     * The state saved last, or {@link JournalState#EMPTY} when there is none.
     *
     * @throws RuntimeException when the store cannot be read: the monitor does not start
     */
    JournalState load();

    /**
     * Keeps {@code state} durably before returning: after a crash, {@link #load()} must return it or a later
     * one, never an older one or a mix.
     *
     * @throws RuntimeException with a one-line message when it cannot: the monitor logs it, shows it in {@code
     *                          HaStatus.journalProblem} and tries again at the next change
     */
    void save(JournalState state);

    /** A one-line problem found while loading (e.g. an unreadable state set aside), or null. */
    default String loadProblem() {
        return null;
    }
}
