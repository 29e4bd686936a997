package io.syncflux.core.verify;

import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.copy.HalvingWriter;
import io.syncflux.core.copy.LineBatch;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.influx.Series;
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

    /** Sums over all series repaired by one verify; thread-safe. */
    static final class Tally {
        final LongAdder toSlave = new LongAdder();
        final LongAdder toMaster = new LongAdder();
        final LongAdder deleted = new LongAdder();
        final LongAdder slaveOnlyKept = new LongAdder();
        final LongAdder unrepairable = new LongAdder();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final Map<String, LongAdder> byMeasurement = new ConcurrentHashMap<>();

        RepairSummary summary() {
            Map<String, Long> m = new java.util.TreeMap<>();
            byMeasurement.forEach((k, v) -> m.put(k, v.sum()));
            return new RepairSummary(toSlave.sum(), toMaster.sum(), deleted.sum(), slaveOnlyKept.sum(),
                    unrepairable.sum(), new ArrayList<>(failures), m);
        }
    }

    /** What and how to repair. */
    record Settings(InfluxNode master, InfluxNode slave, boolean twoWays, boolean deleteSlaveOnly, int maxPoints) {
    }

    private final Settings settings;
    private final VerifyUnit unit;
    private final Map<String, String> tags;
    private final Set<String> slaveTagKeys;
    private final Tally tally;
    private final Writer toSlave;
    private final Writer toMaster;
    private final List<Long> deletes = new ArrayList<>();

    SeriesRepair(Settings settings, VerifyUnit unit, Map<String, String> tags, Set<String> slaveTagKeys, Tally tally) {
        this.settings = settings;
        this.unit = unit;
        this.tags = tags;
        this.slaveTagKeys = slaveTagKeys;
        this.tally = tally;
        this.toSlave = new Writer(settings.slave(), unit.targetDb(), unit.targetRp(), tally.toSlave);
        this.toMaster = settings.twoWays() ? new Writer(settings.master(), unit.db(), unit.rp(), tally.toMaster) : null;
    }

    void onlyMaster(List<String> cols, Object[] row) {
        toSlave.add(cols, row);
    }

    void onlySlave(long t, List<String> cols, Object[] row) {
        if (settings.twoWays()) {
            toMaster.add(cols, row);
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
                toMaster.add(sc, extra);
            } else if (settings.deleteSlaveOnly()) {
                deletes.add(t);
                flushDeletes();
            } else {
                tally.slaveOnlyKept.increment();
            }
        }
        toSlave.add(mc, mr);
    }

    /** Writes and deletes what is pending. */
    void finish() {
        flushDeletes();
        toSlave.flush();
        if (toMaster != null) {
            toMaster.flush();
        }
    }

    private void flushDeletes() {
        if (deletes.isEmpty()) {
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
            tally.failures.add("delete of " + deletes.size() + " point(s) of " + unit.describe() + " " + tags
                    + " on " + settings.slave().name() + ": " + e.getMessage());
        }
        deletes.clear();
    }

    /** Rows to one node, grouped into series for {@link LineBatch}; a failed write is recorded, not thrown. */
    private final class Writer {
        private final InfluxNode node;
        private final String db;
        private final String rp;
        private final LongAdder counter;
        private LineBatch batch;
        private HalvingWriter halving;
        private List<String> cols;
        private List<Object[]> rows = new ArrayList<>();

        Writer(InfluxNode node, String db, String rp, LongAdder counter) {
            this.node = node;
            this.db = db;
            this.rp = rp;
            this.counter = counter;
        }

        void add(List<String> c, Object[] row) {
            if (cols != c && !rows.isEmpty() || rows.size() >= ROWS_PER_SERIES) {
                push();
            }
            cols = c;
            rows.add(row);
        }

        private void push() {
            if (!rows.isEmpty()) {
                if (batch == null) {
                    // created on first use: most repaired series write in one direction only
                    halving = new HalvingWriter(node, db, rp, (points, bytes) -> {
                        counter.add(points);
                        tally.byMeasurement.computeIfAbsent(unit.db() + "." + unit.rp() + "." + unit.measurement(),
                                k -> new LongAdder()).add(points);
                    });
                    batch = new LineBatch(settings.maxPoints(), GeneralConfig.DEFAULT_MAX_BYTES_ON_SINGLE_WRITE,
                            this::write);
                }
                batch.add(new Series(unit.measurement(), tags, cols, rows));
                rows = new ArrayList<>();
            }
        }

        void flush() {
            push();
            if (batch != null) {
                batch.flush();
                try {
                    halving.finish();
                } catch (NodeException e) {
                    failed(-1, e);
                }
            }
        }

        private void write(byte[] body, int[] pointEnds) {
            try {
                halving.write(body, pointEnds);
            } catch (NodeException e) {
                failed(pointEnds.length, e);
            }
        }

        private void failed(int points, NodeException e) {
            String what = points < 0 ? "some point(s)" : points + " point(s)";
            LOG.warn("repair write of {} of {} to {} failed: {}", what, unit.describe(), node.name(), e.getMessage());
            tally.failures.add("write of " + what + " of " + unit.describe() + " " + tags + " to " + node.name()
                    + ": " + e.getMessage());
        }
    }
}
