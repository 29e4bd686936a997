package io.syncflux.core.pipeline;

import io.syncflux.core.api.AmbiguousRenameException;
import io.syncflux.core.api.Selection;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.RetentionPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The databases and retention policies a selection picks on one node (a copy's source, a verify's master),
 * each with its name on the other node and whether the other node has it. One place selects and renames,
 * so that the schema replication, the copy and the verify agree on what a selection means.
 */
public final class SelectedSchema {
    private SelectedSchema() {
    }

    /**
     * A selected database.
     *
     * @param name     its name on the node read
     * @param target   its name on the other node ({@link Selection#targetDb})
     * @param onOther  true when the other node has the target database
     * @param policies its selected retention policies, in the node's order
     */
    public record Db(String name, String target, boolean onOther, List<Policy> policies) {
        /** Copies the list. */
        public Db {
            policies = List.copyOf(policies);
        }
    }

    /**
     * A selected retention policy.
     *
     * @param policy  the policy on the node read
     * @param target  its name on the other node ({@link Selection#targetRp})
     * @param onOther true when the other node has the target policy in the target database
     */
    public record Policy(RetentionPolicy policy, String target, boolean onOther) {
        /** The policy's name on the node read. */
        public String name() {
            return policy.name();
        }
    }

    /**
     * The selected databases of {@code node} and their selected retention policies (names on {@code node}),
     * in the node's order.
     *
     * @throws AmbiguousRenameException when the selection renames the database but selects more than one
     * @throws io.syncflux.core.influx.NodeException when the node's schema cannot be read
     */
    public static Map<String, List<RetentionPolicy>> of(InfluxNode node, Selection selection) {
        Map<String, List<RetentionPolicy>> out = new LinkedHashMap<>();
        for (String db : node.databases()) {
            if (!selection.selectsDb(db)) {
                continue;
            }
            List<RetentionPolicy> rps = new ArrayList<>();
            for (RetentionPolicy rp : node.retentionPolicies(db)) {
                if (selection.selectsRp(rp.name())) {
                    rps.add(rp);
                }
            }
            out.put(db, rps);
        }
        if (selection.newDb() != null && out.size() > 1) {
            throw new AmbiguousRenameException(selection.newDb(), List.copyOf(out.keySet()));
        }
        return out;
    }

    /**
     * The selection on {@code node}, each database and policy with its names on {@code other} and whether
     * {@code other} has it. Reads {@code other}'s databases once, and its policies of each target database
     * it has.
     *
     * @throws io.syncflux.core.influx.NodeException when a node's schema cannot be read
     */
    public static List<Db> against(InfluxNode node, InfluxNode other, Selection selection) {
        Map<String, List<RetentionPolicy>> selected = of(node, selection);
        List<String> otherDbs = other.databases();
        List<Db> out = new ArrayList<>(selected.size());
        for (Map.Entry<String, List<RetentionPolicy>> e : selected.entrySet()) {
            String targetDb = selection.targetDb(e.getKey());
            boolean dbOnOther = otherDbs.contains(targetDb);
            List<String> otherRps = dbOnOther
                    ? other.retentionPolicies(targetDb).stream().map(RetentionPolicy::name).toList() : List.of();
            List<Policy> policies = new ArrayList<>(e.getValue().size());
            for (RetentionPolicy rp : e.getValue()) {
                String targetRp = selection.targetRp(rp.name(), rp.isDefault());
                policies.add(new Policy(rp, targetRp, otherRps.contains(targetRp)));
            }
            out.add(new Db(e.getKey(), targetDb, dbOnOther, policies));
        }
        return out;
    }
}
