package io.syncflux.core.workflow;

import io.syncflux.core.api.Selection;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.event.Listeners;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.SchemaReport;
import io.syncflux.core.schema.SchemaReplicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code fullcopy}: replicates the selected schema from the source to the destination ({@link
 * SchemaReplicator}), then copies the selected data ({@link ChunkedCopier}). The copy runs even when a schema
 * action failed, so that every database that exists on the destination gets its data; the report tells
 * both outcomes apart.
 *
 * <pre>{@code
 * FullCopyReport r = FullCopy.builder().source(master).destination(slave).selection(selection)
 *         .copier(c -> c.settings(general.copy()).window(window).listener(progress))
 *         .listener(schema -> print(schema)).build().run();
 * }</pre>
 *
 * <p>Runs once. {@link #cancel()} from another thread lets running reads finish and skips the rest (the
 * copy's report says it was cancelled).
 */
public final class FullCopy {
    private static final Logger LOG = LoggerFactory.getLogger(FullCopy.class);

    /** Told when the schema step ended, before the copy starts; called on the running thread, must not throw. */
    @FunctionalInterface
    public interface Listener {
        /** Does nothing. */
        Listener NONE = schema -> { };

        /** The schema replication ended with this report; the copy starts next. */
        void schemaReplicated(SchemaReport schema);
    }

    private final InfluxNode source;
    private final InfluxNode destination;
    private final Selection selection;
    private final Consumer<ChunkedCopier.Builder> copier;
    private final Listener listener;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile ChunkedCopier running;

    private FullCopy(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        this.destination = Objects.requireNonNull(b.destination, "destination");
        this.selection = b.selection;
        this.copier = b.copier;
        this.listener = b.listener;
    }

    /** A new builder; source and destination are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Replicates the schema, then copies the data, on the calling thread (reads on the copy's workers).
     *
     * @throws io.syncflux.core.influx.NodeException when a node's schema cannot be read at all
     * @throws IllegalStateException                 when called twice
     */
    public FullCopyReport run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a FullCopy runs once");
        }
        SchemaReport schema = SchemaReplicator.builder().source(source).destination(destination)
                .selection(selection).build().run();
        if (!schema.ok()) {
            LOG.warn("schema replication to {} incomplete ({} mismatches); copying the data anyway",
                    destination.name(), schema.mismatches().size());
        }
        Listeners.call(LOG, "full copy listener", () -> listener.schemaReplicated(schema));
        ChunkedCopier.Builder b = ChunkedCopier.builder();
        copier.accept(b);
        // source, destination and selection are the full copy's own: the schema step used them too
        ChunkedCopier c = b.source(source).destination(destination).selection(selection).build();
        running = c;
        if (cancelled.get()) {
            c.cancel();
        }
        CopyReport copy = c.run();
        return new FullCopyReport(schema, copy);
    }

    /** Stops taking new reads (also before the copy started); running ones finish. Safe from any thread. */
    public void cancel() {
        cancelled.set(true);
        ChunkedCopier c = running;
        if (c != null) {
            c.cancel();
        }
    }

    /** Builder of {@link FullCopy}. */
    public static final class Builder {
        private InfluxNode source;
        private InfluxNode destination;
        private Selection selection = Selection.ALL;
        private Consumer<ChunkedCopier.Builder> copier = b -> { };
        private Listener listener = Listener.NONE;

        private Builder() {
        }

        /** The node read from; the caller keeps ownership. */
        public Builder source(InfluxNode n) {
            this.source = Objects.requireNonNull(n, "source");
            return this;
        }

        /** The node written to; the caller keeps ownership. */
        public Builder destination(InfluxNode n) {
            this.destination = Objects.requireNonNull(n, "destination");
            return this;
        }

        /** What to replicate and copy, renames included (default everything). */
        public Builder selection(Selection s) {
            this.selection = Objects.requireNonNull(s, "selection");
            return this;
        }

        /**
         * Sets up the copy: settings, time scope (required by the copier: a window or {@code full}), order,
         * rate and progress listener. Its source, destination and selection are this full copy's.
         */
        public Builder copier(Consumer<ChunkedCopier.Builder> c) {
            this.copier = Objects.requireNonNull(c, "copier");
            return this;
        }

        /** Told when the schema step ended (default none). */
        public Builder listener(Listener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /**
         * @throws NullPointerException when source or destination is missing
         */
        public FullCopy build() {
            return new FullCopy(this);
        }
    }
}
