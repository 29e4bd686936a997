package io.syncflux.core.report;

import java.util.List;

/**
 * What {@code replicaschema} did, in order, and whether the destination's schema now matches.
 *
 * @param actions    every action, one per database or retention policy
 * @param mismatches differences still present after the run (empty when the schema matches)
 */
public record SchemaReport(List<SchemaAction> actions, List<String> mismatches) {
    /** Copies the lists, which must not be null. */
    public SchemaReport {
        actions = List.copyOf(actions);
        mismatches = List.copyOf(mismatches);
    }

    /** True when nothing failed and the destination matches. */
    public boolean ok() {
        return mismatches.isEmpty() && actions.stream().noneMatch(a -> a.type() == SchemaAction.Type.FAILED);
    }

    /** Actions of one type. */
    public List<SchemaAction> actions(SchemaAction.Type type) {
        return actions.stream().filter(a -> a.type() == type).toList();
    }
}
