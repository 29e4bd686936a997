package io.syncflux.core.verify;

import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Series;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Walks one series of one chunk on both nodes side by side in time order, streaming both (the slave's
 * side on a helper thread through a queue of a few result chunks), so memory stays bounded whatever the
 * chunk length. The server returns the points of one series in time order.
 */
final class SeriesMerge {
    private static final int STREAM_CHUNK = 5_000;
    private static final Object END = new Object();

    /** Receives each timestamp once, in time order, on the calling thread. */
    interface Visitor {
        /** A point only the master has. */
        void onlyMaster(long t, List<String> cols, Object[] row);

        /** A point only the slave has. */
        void onlySlave(long t, List<String> cols, Object[] row);

        /** A timestamp both have (the values may or may not differ). */
        void both(long t, List<String> masterCols, Object[] masterRow, List<String> slaveCols, Object[] slaveRow);
    }

    /** One side: the node, its database and the single-series query, or a null query when it has nothing. */
    record Side(InfluxNode node, String db, String query) {
    }

    private SeriesMerge() {
    }

    /**
     * Runs the merge; returns when both sides are consumed.
     *
     * @param helper runs the slave side's read; it must not be saturated by tasks waiting on this thread
     * @throws io.syncflux.core.influx.NodeException when a read fails
     */
    static void run(Side master, Side slave, ExecutorService helper, Visitor v) {
        if (slave.query() == null) {
            if (master.query() != null) {
                master.node().stream(master.db(), master.query(), STREAM_CHUNK, s -> {
                    for (Object[] r : s.rows()) {
                        v.onlyMaster((Long) r[0], s.columns(), r);
                    }
                });
            }
            return;
        }
        if (master.query() == null) {
            slave.node().stream(slave.db(), slave.query(), STREAM_CHUNK, s -> {
                for (Object[] r : s.rows()) {
                    v.onlySlave((Long) r[0], s.columns(), r);
                }
            });
            return;
        }
        Cursor other = new Cursor();
        Future<?> reader = helper.submit(() -> other.produce(slave));
        try {
            master.node().stream(master.db(), master.query(), STREAM_CHUNK, s -> {
                long last = Long.MIN_VALUE;
                for (Object[] r : s.rows()) {
                    long t = (Long) r[0];
                    if (t <= last) {
                        throw new IllegalStateException("master returned more than one series for " + master.query());
                    }
                    last = t;
                    while (other.peek() != null && other.time() < t) {
                        v.onlySlave(other.time(), other.columns(), other.take());
                    }
                    if (other.peek() != null && other.time() == t) {
                        List<String> sc = other.columns();
                        v.both(t, s.columns(), r, sc, other.take());
                    } else {
                        v.onlyMaster(t, s.columns(), r);
                    }
                }
            });
            while (other.peek() != null) {
                v.onlySlave(other.time(), other.columns(), other.take());
            }
        } finally {
            other.abandoned = true;
            other.queue.clear();
            reader.cancel(false);
        }
    }

    /** The slave side: result chunks handed over through a small queue. */
    private static final class Cursor {
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4);
        volatile boolean abandoned;
        private Series current;
        private int index;
        private boolean done;
        private long last = Long.MIN_VALUE;

        void produce(Side side) {
            try {
                side.node().stream(side.db(), side.query(), STREAM_CHUNK, this::put);
                put(END);
            } catch (CancellationException e) {
                // the consumer stopped first
            } catch (RuntimeException | Error e) {
                try {
                    put(e);
                } catch (CancellationException ignored) {
                    // the consumer stopped first
                }
            }
        }

        private void put(Object o) {
            try {
                while (!queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                    if (abandoned) {
                        throw new CancellationException();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException();
            }
        }

        /** The next row, or null at the end. */
        Object[] peek() {
            while (!done && (current == null || index >= current.rows().size())) {
                Object o;
                try {
                    o = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted");
                }
                if (o == END) {
                    done = true;
                    current = null;
                } else if (o instanceof RuntimeException e) {
                    done = true;
                    throw e;
                } else if (o instanceof Error e) {
                    done = true;
                    throw e;
                } else {
                    current = (Series) o;
                    index = 0;
                }
            }
            return done ? null : current.rows().get(index);
        }

        long time() {
            return (Long) peek()[0];
        }

        List<String> columns() {
            peek();
            return current.columns();
        }

        Object[] take() {
            Object[] r = peek();
            long t = (Long) r[0];
            if (t <= last) {
                throw new IllegalStateException("slave returned more than one series in one query");
            }
            last = t;
            index++;
            return r;
        }
    }
}
