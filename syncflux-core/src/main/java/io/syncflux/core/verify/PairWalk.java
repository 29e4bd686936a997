package io.syncflux.core.verify;

import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Series;
import io.syncflux.core.pipeline.RangeQuery;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Walks one query's answer from both nodes side by side, series by series in {@link SeriesOrder} and, within a
 * series, point by point in time order: the master's answer is read on the calling thread, the slave's on a
 * helper thread that hands its parts over through a queue of {@link #QUEUED_PARTS} parts. Nothing is kept
 * but the parts in flight, so memory is bounded by the read buffer whatever the number of series or points
 * (each part holds at most {@code InfluxNode}'s part size: 10,000 rows or about 1 MiB of the answer).
 *
 * <p>An answer whose series do not come in {@link SeriesOrder}, or whose points of a series do not come in
 * time order, fails the walk with an {@link OrderException}: a merge of answers out of order would report
 * differences that are not there.
 */
final class PairWalk {
    /** Parts of the slave's answer read ahead at most. */
    static final int QUEUED_PARTS = 2;
    private static final Object END = new Object();

    /** What the walk finds, on the calling thread, in series order. */
    interface Visitor {
        /**
         * A series begins.
         *
         * @param tags         its tags as the server sent them (every tag key of the answer, absent ones empty)
         * @param slaveTagKeys every tag key of the slave's answer (empty when the slave sent nothing yet)
         */
        void open(Map<String, String> tags, Set<String> slaveTagKeys);

        /** A point only the master has. */
        void onlyMaster(long t, List<String> cols, Object[] row);

        /** A point only the slave has. */
        void onlySlave(long t, List<String> cols, Object[] row);

        /** A timestamp both have (the values may or may not differ). */
        void both(long t, List<String> masterCols, Object[] masterRow, List<String> slaveCols, Object[] slaveRow);

        /** The series opened last ends. */
        void close();
    }

    /**
     * One side: its node and its read, or a null read when it has nothing to read.
     *
     * @param part a condition limiting the series read, or empty
     */
    record Side(InfluxNode node, RangeQuery query, RangeQuery.Select select, String part) {
        void stream(int chunk, io.syncflux.core.influx.SeriesHandler h) {
            query.stream(node, select, part, chunk, h);
        }
    }

    /** An answer that is not in the order a merge needs. */
    static final class OrderException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        OrderException(String message) {
            super(message);
        }
    }

    private final Visitor v;
    private final Cursor slave;
    private Map<String, String> masterTags;
    private Map<String, String> paired;
    private long lastMasterTime;

    private PairWalk(Visitor v, Cursor slave) {
        this.v = v;
        this.slave = slave;
    }

    /**
     * Runs the walk; returns when both answers are consumed.
     *
     * @param helper  runs the slave side's read; it must not be saturated by tasks waiting on this thread
     * @param chunk   rows per chunk the server is asked for
     * @throws io.syncflux.core.influx.NodeException when a read fails
     * @throws OrderException                        when an answer is out of order
     */
    static void run(Side master, Side slave, int chunk, ExecutorService helper, Visitor v) {
        Cursor cursor = new Cursor(slave.node() == null ? "slave" : slave.node().name());
        Future<?> reader = null;
        if (slave.query() == null) {
            cursor.done = true;
        } else {
            reader = helper.submit(() -> cursor.produce(slave, chunk));
        }
        PairWalk w = new PairWalk(v, cursor);
        try {
            if (master.query() != null) {
                master.stream(chunk, w::master);
            }
            w.end();
        } finally {
            cursor.abandoned = true;
            cursor.queue.clear();
            if (reader != null) {
                reader.cancel(false);
            }
        }
    }

    private void master(Series s) {
        List<Object[]> rows = s.rows();
        if (rows.isEmpty()) {
            return;
        }
        Map<String, String> tags = s.tags();
        if (masterTags == null || !tags.equals(masterTags)) {
            if (masterTags != null) {
                closeMaster();
                if (SeriesOrder.compare(masterTags, tags) >= 0) {
                    throw new OrderException("the master's answer is not in series order (" + masterTags + " before "
                            + tags + "): it cannot be compared in bounded memory");
                }
            }
            Map<String, String> st;
            while ((st = slave.seriesTags()) != null && SeriesOrder.compare(st, tags) < 0) {
                slaveOnly(st);
            }
            paired = st != null && SeriesOrder.compare(st, tags) == 0 ? st : null;
            masterTags = tags;
            lastMasterTime = Long.MIN_VALUE;
            v.open(tags, slave.tagKeys());
        }
        List<String> cols = s.columns();
        for (Object[] r : rows) {
            long t = (Long) r[0];
            if (t <= lastMasterTime) {
                throw new OrderException("the master's answer is not in time order within series " + tags);
            }
            lastMasterTime = t;
            Object[] sr = null;
            if (paired != null) {
                while ((sr = slave.row(paired)) != null && slave.time() < t) {
                    v.onlySlave(slave.time(), slave.columns(), slave.take());
                }
            }
            if (sr != null && slave.time() == t) {
                List<String> sc = slave.columns();
                v.both(t, cols, r, sc, slave.take());
            } else {
                v.onlyMaster(t, cols, r);
            }
        }
    }

    /** Ends the master's current series: the rest of the slave's part of it is the slave's alone. */
    private void closeMaster() {
        if (paired != null) {
            drain(paired);
            slave.next(paired);
            paired = null;
        }
        v.close();
    }

    private void slaveOnly(Map<String, String> tags) {
        v.open(tags, slave.tagKeys());
        drain(tags);
        v.close();
        slave.next(tags);
    }

    private void drain(Map<String, String> tags) {
        while (slave.row(tags) != null) {
            v.onlySlave(slave.time(), slave.columns(), slave.take());
        }
    }

    private void end() {
        if (masterTags != null) {
            closeMaster();
        }
        Map<String, String> st;
        while ((st = slave.seriesTags()) != null) {
            slaveOnly(st);
        }
    }

    /** The slave side: parts of its answer handed over through a small queue. */
    private static final class Cursor {
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_PARTS);
        final String node;
        volatile boolean abandoned;
        boolean done;
        private Series current;
        private int index;
        private Map<String, String> lastTags;
        private long last = Long.MIN_VALUE;

        Cursor(String node) {
            this.node = node;
        }

        void produce(Side side, int chunk) {
            try {
                side.stream(chunk, s -> {
                    if (!s.rows().isEmpty()) {
                        put(s);
                    }
                });
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

        /** The part holding the next row, or null at the end of the answer. */
        private Series part() {
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
                    Series s = (Series) o;
                    if (lastTags != null && !s.tags().equals(lastTags)) {
                        if (SeriesOrder.compare(lastTags, s.tags()) >= 0) {
                            done = true;
                            throw new OrderException("the answer of " + node + " is not in series order (" + lastTags
                                    + " before " + s.tags() + "): it cannot be compared in bounded memory");
                        }
                        last = Long.MIN_VALUE;
                    }
                    lastTags = s.tags();
                    current = s;
                    index = 0;
                }
            }
            return done ? null : current;
        }

        /** Tags of the series the next row belongs to, or null at the end. */
        Map<String, String> seriesTags() {
            Series p = part();
            return p == null ? null : p.tags();
        }

        /** Every tag key of the answer, as far as it has been read. */
        Set<String> tagKeys() {
            return lastTags == null ? Set.of() : lastTags.keySet();
        }

        /** The next row if it belongs to the series with these tags, else null. */
        Object[] row(Map<String, String> tags) {
            Series p = part();
            return p == null || !p.tags().equals(tags) ? null : p.rows().get(index);
        }

        /** Skips past the end of the series with these tags (its rows must all have been taken). */
        void next(Map<String, String> tags) {
            if (row(tags) != null) {
                throw new IllegalStateException("rows of " + tags + " left unread");
            }
        }

        long time() {
            return (Long) current.rows().get(index)[0];
        }

        List<String> columns() {
            return current.columns();
        }

        Object[] take() {
            Object[] r = current.rows().get(index);
            long t = (Long) r[0];
            if (t <= last) {
                done = true;
                throw new OrderException("the answer of " + node + " is not in time order within series " + lastTags);
            }
            last = t;
            index++;
            return r;
        }
    }
}
