package io.syncflux.core.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a verify's repair did.
 *
 * @param pointsToSlave   points written to the slave
 * @param pointsToMaster  points written to the master (two-way only)
 * @param pointsDeleted   points deleted from the slave (one-way with deletion of slave-only points only)
 * @param slaveOnlyKept   points (or timestamps with extra fields) only on the slave, left in place
 * @param unrepairable    points not written because a field has another type on the destination
 * @param failures        one line per write or delete that failed
 * @param pointsByMeasurement points written, both directions, by {@code db.rp.measurement}
 */
public record RepairSummary(long pointsToSlave, long pointsToMaster, long pointsDeleted, long slaveOnlyKept,
                            long unrepairable, List<String> failures, Map<String, Long> pointsByMeasurement) {
    /** Nothing repaired. */
    public static final RepairSummary NONE = new RepairSummary(0, 0, 0, 0, 0, List.of(), Map.of());

    /** Copies the collections; the map is sorted. */
    public RepairSummary {
        failures = List.copyOf(failures);
        pointsByMeasurement = java.util.Collections.unmodifiableMap(new TreeMap<>(pointsByMeasurement));
    }

    /** Points written in both directions. */
    public long pointsWritten() {
        return pointsToSlave + pointsToMaster;
    }

    /** True when every write and delete succeeded. */
    public boolean ok() {
        return failures.isEmpty();
    }
}
