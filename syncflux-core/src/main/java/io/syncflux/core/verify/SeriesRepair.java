package io.syncflux.core.verify;

import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.influx.Series;
import io.syncflux.core.influx.Utf8b;
import io.syncflux.core.pipeline.PointWriter;
import io.syncflux.core.report.RepairSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Repairs one series of one chunk, point by point, as {@link SeriesCheck} finds the differences.
 *
 * <p>One-way (master to slave): points only on the master, and points whose values differ, are written
 * to the slave with the master's values. Points only on the slave are counted and left alone, unless
 * deleting them was asked for; a point whose fields the master lacks is then deleted before the master's
 * values are written. Two-way: points missing on either side are copied to it; at the same timestamp and
 * field the master's value wins, and fields only the slave has are copied to the master. A field holding
 * another type on the other node cannot be written there: such points are counted as unrepairable.
 */
final class SeriesRepair {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesRepair.class);
    private static final int ROWS_PER_SERIES = 1_000;
    private static final int DELETES_PER_REQUEST = 100;
    /** Failures listed word for word in a summary at most; the rest are counted. */
    static final int LISTED_FAILURES = 100;

    /** Sums over all series repaired by one verify; thread-safe. */
    static final class Tally {
        final LongAdder toSlave = new LongAdder();
        final LongAdder toMaster = new LongAdder();
        final LongAdder deleted = new LongAdder();
        final LongAdder slaveOnlyKept = new LongAdder();
        final LongAdder unrepairable = new LongAdder();
        private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private final LongAdder unlisted = new LongAdder();
        final Map<String, LongAdder> byMeasurement = new ConcurrentHashMap<>();

        /** Records a failure: the first {@link #LISTED_FAILURES} are kept word for word, the rest counted. */
        void fail(String what) {
            synchronized (failures) {
                if (failures.size() < LISTED_FAILURES) {
                    failures.add(what);
                    return;
                }
            }
            unlisted.increment();
        }

        RepairSummary summary() {
            Map<String, Long> m = new java.util.TreeMap<>();
            byMeasurement.forEach((k, v) -> m.put(k, v.sum()));
            List<String> f;
            synchronized (failures) {
                f = new ArrayList<>(failures);
            }
            if (unlisted.sum() > 0) {
                f.add("... and " + unlisted.sum() + " more failure(s)");
            }
            return new RepairSummary(toSlave.sum(), toMaster.sum(), deleted.sum(), slaveOnlyKept.sum(),
                    unrepairable.sum(), f, m);
        }
    }

    /**
     * What and how to repair.
     *
     * @param policy which way; not {@link RepairPolicy#NONE}
     * @param writes the verify's write limits, its rate limit shared by all its repairs
     */
    record Settings(InfluxNode master, InfluxNode slave, RepairPolicy policy, PointWriter.Limits writes) {
        Settings {
            if (!policy.repairs()) {
                throw new IllegalArgumentException("no repair settings for " + policy);
            }
        }

        boolean twoWays() {
            return policy == RepairPolicy.TWO_WAYS;
        }

        boolean deleteSlaveOnly() {
            return policy == RepairPolicy.ONE_WAY_DELETE;
        }
    }

    /**
     * The writes of one read (one walk over a run of units of one measurement): the points of many series go
     * to each node together, in batches of the configured size, so that a million series differing by one
     * point each cost batched writes, not a million requests. Not thread-safe: one walk, one thread.
     */
    static final class Writers {
        private final Writer toSlave;
        private final Writer toMaster;

        Writers(Settings settings, WorkUnit unit, Tally tally) {
            this.toSlave = new Writer(settings, settings.slave(), unit, unit.targetDb(), unit.targetRp(), tally,
                    tally.toSlave);
            this.toMaster = settings.twoWays() ? new Writer(settings, settings.master(), unit, unit.db(), unit.rp(),
                    tally, tally.toMaster) : null;
        }

        /** Writes what is pending. */
        void finish() {
            toSlave.flush();
            if (toMaster != null) {
                toMaster.flush();
            }
        }
    }

    private final Settings settings;
    private final WorkUnit unit;
    private final Map<String, String> tags;
    private final Set<String> slaveTagKeys;
    private final Tally tally;
    private final Writer toSlave;
    private final Writer toMaster;
    private final List<Long> deletes = new ArrayList<>();

    SeriesRepair(Settings settings, WorkUnit unit, Map<String, String> tags, Set<String> slaveTagKeys, Tally tally,
                 Writers writers) {
        this.settings = settings;
        this.unit = unit;
        this.tags = tags;
        this.slaveTagKeys = slaveTagKeys;
        this.tally = tally;
        this.toSlave = writers.toSlave;
        this.toMaster = writers.toMaster;
    }

    void onlyMaster(List<String> cols, Object[] row) {
        toSlave.add(tags, cols, row);
    }

    void onlySlave(long t, List<String> cols, Object[] row) {
        if (settings.twoWays()) {
            toMaster.add(tags, cols, row);
        } else if (settings.deleteSlaveOnly()) {
            deletes.add(t);
            if (deletes.size() >= DELETES_PER_REQUEST) {
                flushDeletes();
            }
        } else {
            tally.slaveOnlyKept.increment();
        }
    }

    void differ(long t, List<String> mc, Object[] mr, List<String> sc, Object[] sr, boolean typeConflict,
                boolean slaveExtra) {
        if (typeConflict) {
            tally.unrepairable.increment();
            return;
        }
        if (slaveExtra) {
            if (settings.twoWays()) {
                // the slave's fields the master lacks go to the master; the master's values win elsewhere
                Object[] extra = sr.clone();
                Map<String, Integer> mi = new java.util.HashMap<>();
                for (int i = 1; i < mc.size(); i++) {
                    mi.put(mc.get(i), i);
                }
                for (int j = 1; j < sc.size(); j++) {
                    Integer i = mi.get(sc.get(j));
                    if (i != null && mr[i] != null) {
                        extra[j] = null;
                    }
                }
                toMaster.add(tags, sc, extra);
            } else if (settings.deleteSlaveOnly()) {
                deletes.add(t);
                flushDeletes();
            } else {
                tally.slaveOnlyKept.increment();
            }
        }
        toSlave.add(tags, mc, mr);
    }

    /** Deletes what is pending; the writes go on in the read's {@link Writers}. */
    void finish() {
        flushDeletes();
    }

    private void flushDeletes() {
        if (deletes.isEmpty()) {
            return;
        }
        if (!nameable()) {
            // InfluxQL cannot name a value that is not UTF-8 exactly: a DELETE could hit a sibling series
            tally.fail(deletes.size() + " point(s) of " + unit.describe() + " " + Utf8b.display(String.valueOf(tags))
                    + " only on " + settings.slave().name() + " left in place: a tag value is not valid UTF-8, so no"
                    + " statement can name this series alone");
            deletes.clear();
            return;
        }
        StringBuilder where = new StringBuilder();
        for (String k : slaveTagKeys) {
            where.append(Influxql.ident(k)).append(" = ").append(Influxql.literal(tags.getOrDefault(k, ""))).append(" AND ");
        }
        StringBuilder q = new StringBuilder();
        for (long t : deletes) {
            if (q.length() > 0) {
                q.append(';');
            }
            q.append("DELETE FROM ").append(Influxql.ident(unit.measurement())).append(" WHERE ").append(where)
                    .append("time = ").append(t);
        }
        try {
            settings.slave().query(unit.targetDb(), q.toString(), s -> {
            });
            tally.deleted.add(deletes.size());
        } catch (NodeException e) {
            tally.fail("delete of " + deletes.size() + " point(s) of " + unit.describe() + " " + tags
                    + " on " + settings.slave().name() + ": " + e.getMessage());
        }
        deletes.clear();
    }

    /** True when the measurement and every pinned tag value are valid UTF-8, so a statement can name them. */
    private boolean nameable() {
        if (Utf8b.hasEscapes(unit.measurement())) {
            return false;
        }
        for (String k : slaveTagKeys) {
            if (Utf8b.hasEscapes(k) || Utf8b.hasEscapes(tags.getOrDefault(k, ""))) {
                return false;
            }
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (Utf8b.hasEscapes(t.getKey()) || Utf8b.hasEscapes(t.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rows to one node, grouped into series for the verify's {@link PointWriter}; a failed write is recorded, not
     * thrown.
     */
    private static final class Writer {
        private final Settings settings;
        private final InfluxNode node;
        private final WorkUnit unit;
        private final String db;
        private final String rp;
        private final Tally tally;
        private final LongAdder counter;
        private PointWriter writer;
        private Map<String, String> tags;
        private List<String> cols;
        private List<Object[]> rows = new ArrayList<>();

        Writer(Settings settings, InfluxNode node, WorkUnit unit, String db, String rp, Tally tally,
               LongAdder counter) {
            this.settings = settings;
            this.node = node;
            this.unit = unit;
            this.db = db;
            this.rp = rp;
            this.tally = tally;
            this.counter = counter;
        }

        void add(Map<String, String> t, List<String> c, Object[] row) {
            if ((cols != c || tags != t) && !rows.isEmpty() || rows.size() >= ROWS_PER_SERIES) {
                push();
            }
            tags = t;
            cols = c;
            rows.add(row);
        }

        private void push() {
            if (!rows.isEmpty()) {
                if (writer == null) {
                    // created on first use: most repaired series write in one direction only
                    writer = new PointWriter(node, db, rp, settings.writes(), (points, bytes) -> {
                        counter.add(points);
                        tally.byMeasurement.computeIfAbsent(unit.db() + "." + unit.rp() + "." + unit.measurement(),
                                k -> new LongAdder()).add(points);
                    }, this::failed);
                }
                writer.add(new Series(unit.measurement(), tags, cols, rows));
                rows = new ArrayList<>();
            }
        }

        void flush() {
            push();
            if (writer != null) {
                try {
                    writer.finish();
                } finally {
                    // a later write starts afresh (a failure is reported once)
                    writer = null;
                }
            }
        }

        private void failed(int points, NodeException e) {
            String what = points < 0 ? "some point(s)" : points + " point(s)";
            LOG.warn("repair write of {} of {} to {} failed: {}", what, unit.describe(), node.name(), e.getMessage());
            tally.fail("write of " + what + " of " + unit.describe() + " to " + node.name() + ": " + e.getMessage());
        }
    }
}
