package io.syncflux.core.verify;

import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.SeriesDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * What one unit's comparison found: exact counts over every differing series, and a sample of at most
 * {@link #PER_CHUNK} of them (fewer once the verify's shared budget of {@link #PER_VERIFY} is spent), so a
 * report stays small whatever the number of differing series. Every differing series also goes to the
 * sink, when there is one (e.g. a file with the full list).
 */
final class DiffCollector {
    /** Series listed per differing chunk at most. */
    static final int PER_CHUNK = 100;
    /** Series listed over all the chunks of one pass at most. */
    static final int PER_VERIFY = 1_000;

    private final WorkUnit unit;
    private final AtomicInteger budget;
    private final BiConsumer<WorkUnit, SeriesDiff> sink;
    private final List<SeriesDiff> sample = new ArrayList<>();
    private long compared;
    private long differing;
    private long onlyOnMaster;
    private long onlyOnSlave;
    private long masterPoints;
    private long slavePoints;
    private long missingOnSlave;
    private long missingOnMaster;
    private long valuesDiffer;
    private long typeConflicts;

    /**
     * @param budget series the pass may still list, shared by its units
     * @param sink   receives every differing series, or null
     */
    DiffCollector(WorkUnit unit, AtomicInteger budget, BiConsumer<WorkUnit, SeriesDiff> sink) {
        this.unit = unit;
        this.budget = budget;
        this.sink = sink;
    }

    /** A series present on either node in the unit was compared. */
    void compared() {
        compared++;
    }

    /** Series compared so far. */
    long seriesCompared() {
        return compared;
    }

    void add(SeriesDiff d) {
        differing++;
        switch (d.kind()) {
            case ONLY_ON_MASTER -> onlyOnMaster++;
            case ONLY_ON_SLAVE -> onlyOnSlave++;
            default -> {
            }
        }
        masterPoints += d.masterPoints();
        slavePoints += d.slavePoints();
        missingOnSlave += d.missingOnSlave();
        missingOnMaster += d.missingOnMaster();
        valuesDiffer += d.valuesDiffer();
        if (!d.typeConflicts().isEmpty()) {
            typeConflicts++;
        }
        if (sample.size() < PER_CHUNK && budget.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            sample.add(d);
        }
        if (sink != null) {
            sink.accept(unit, d);
        }
    }

    /** The unit's differences, or null when nothing differed. */
    ChunkDiff diff() {
        if (differing == 0) {
            return null;
        }
        List<SeriesDiff> sorted = new ArrayList<>(sample);
        sorted.sort(java.util.Comparator.comparing(SeriesDiff::series));
        return new ChunkDiff(unit.db(), unit.rp(), unit.measurement(), unit.start(), unit.end(), sorted, differing,
                onlyOnMaster, onlyOnSlave, masterPoints, slavePoints, missingOnSlave, missingOnMaster, valuesDiffer,
                typeConflicts);
    }
}
