package io.syncflux.core.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How one series differs between the nodes within one chunk.
 *
 * <p>With {@link io.syncflux.core.api.VerifyMode#DIGEST} the counts are points (timestamps); with
 * {@link io.syncflux.core.api.VerifyMode#COUNTS} they are field values (the sum of the per-field
 * counts), and {@code valuesDiffer} is always 0.
 *
 * @param series          the series key in line protocol form, e.g. {@code cpu,host=a}
 * @param tags            its non-empty tags, sorted by key
 * @param kind            present on both sides, or on one side only
 * @param masterPoints    points (or values) on the master
 * @param slavePoints     points (or values) on the slave
 * @param missingOnSlave  points (or values) the master has and the slave lacks
 * @param missingOnMaster points (or values) the slave has and the master lacks
 * @param valuesDiffer    timestamps present on both sides whose fields or values differ
 * @param typeConflicts   fields holding a value of a different type on each side at the same timestamp
 * @param examples        the first few differences, one line each (e.g. a timestamp and both values)
 */
public record SeriesDiff(String series, Map<String, String> tags, Kind kind, long masterPoints, long slavePoints,
                         long missingOnSlave, long missingOnMaster, long valuesDiffer, List<String> typeConflicts,
                         List<String> examples) {

    /** Where the series exists in the chunk. */
    public enum Kind {
        /** The slave has no point of it in the chunk. */
        ONLY_ON_MASTER,
        /** The master has no point of it in the chunk. */
        ONLY_ON_SLAVE,
        /** Both have points, and they differ. */
        DIFFERENT
    }

    /** Copies the collections; tags are kept sorted. */
    public SeriesDiff {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(kind, "kind");
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        typeConflicts = List.copyOf(typeConflicts);
        examples = List.copyOf(examples);
    }

    /** One line: what differs, e.g. {@code cpu,host=a: 3 missing on slave, 1 value(s) differ}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(series).append(": ");
        switch (kind) {
            case ONLY_ON_MASTER -> sb.append("only on master (").append(masterPoints).append(")");
            case ONLY_ON_SLAVE -> sb.append("only on slave (").append(slavePoints).append(")");
            default -> {
                String sep = "";
                if (missingOnSlave > 0) {
                    sb.append(missingOnSlave).append(" missing on slave");
                    sep = ", ";
                }
                if (missingOnMaster > 0) {
                    sb.append(sep).append(missingOnMaster).append(" missing on master");
                    sep = ", ";
                }
                if (valuesDiffer > 0) {
                    sb.append(sep).append(valuesDiffer).append(" differing at the same time");
                    sep = ", ";
                }
                if (sep.isEmpty()) {
                    sb.append("content differs");
                }
            }
        }
        if (!typeConflicts.isEmpty()) {
            sb.append("; type differs for ").append(String.join(", ", typeConflicts));
        }
        return sb.toString();
    }
}
