package io.syncflux.core.schema;

import io.syncflux.core.api.GoDuration;
import io.syncflux.core.api.Selection;
import io.syncflux.core.pipeline.SelectedSchema;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.influx.RetentionPolicy;
import io.syncflux.core.report.SchemaAction;
import io.syncflux.core.report.SchemaReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Replicates databases and retention policies (duration, shard group duration, replication factor,
 * default flag) from a source node to a destination node ({@code replicaschema}). Idempotent: a
 * policy that exists with other settings is altered to match, one that matches is left alone.
 * {@code _internal} is never touched.
 *
 * <pre>{@code
 * SchemaReport report = SchemaReplicator.builder()
 *         .source(master).destination(slave)
 *         .selection(Selection.of("^db1$", null, null, "db3", null))
 *         .build().run();
 * }</pre>
 */
public final class SchemaReplicator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaReplicator.class);

    private final InfluxNode source;
    private final InfluxNode destination;
    private final Selection selection;

    private SchemaReplicator(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        this.destination = Objects.requireNonNull(b.destination, "destination");
        this.selection = Objects.requireNonNull(b.selection, "selection");
    }

    /** A new builder; source and destination are required, the selection defaults to everything. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The source databases and their selected retention policies (source names), in source order; the
     * same selection as the copier's and the verifier's ({@link SelectedSchema#of}).
     *
     * @throws io.syncflux.core.api.AmbiguousRenameException when the selection renames the database but selects several
     */
    public static Map<String, List<RetentionPolicy>> selectedSchema(InfluxNode node, Selection selection) {
        return SelectedSchema.of(node, selection);
    }

    /**
     * Runs the replication.
     *
     * @return what was created, altered, left alone or failed, and whether the destination now matches
     * @throws NodeException when a node cannot be read at all
     * @throws io.syncflux.core.api.AmbiguousRenameException when the selection renames the database but selects several
     */
    public SchemaReport run() {
        Map<String, List<RetentionPolicy>> wanted = selectedSchema(source, selection);
        List<SchemaAction> actions = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        if (wanted.isEmpty()) {
            actions.add(new SchemaAction(SchemaAction.Type.SKIPPED, "*", "",
                    "no database of " + source.name() + " matches \"" + selection.db() + "\""));
        }
        List<String> existing = destination.databases();
        for (Map.Entry<String, List<RetentionPolicy>> e : wanted.entrySet()) {
            String targetDb = selection.targetDb(e.getKey());
            List<RetentionPolicy> rps = e.getValue().stream()
                    .map(rp -> rp.withName(selection.targetRp(rp.name(), rp.isDefault())))
                    // the default policy last, so that it ends up the default whatever was default before
                    .sorted(Comparator.comparing(RetentionPolicy::isDefault))
                    .toList();
            if (rps.isEmpty()) {
                actions.add(new SchemaAction(SchemaAction.Type.SKIPPED, targetDb, "",
                        "no retention policy of " + e.getKey() + " matches \"" + selection.rp() + "\""));
                continue;
            }
            try {
                replicateDatabase(targetDb, rps, existing.contains(targetDb), actions);
            } catch (NodeException ex) {
                actions.add(new SchemaAction(SchemaAction.Type.FAILED, targetDb, "", ex.getMessage()));
                LOG.error("schema of {} failed: {}", targetDb, ex.getMessage());
            }
            mismatches.addAll(verify(targetDb, rps));
        }
        return new SchemaReport(actions, mismatches);
    }

    private void replicateDatabase(String db, List<RetentionPolicy> rps, boolean exists, List<SchemaAction> actions) {
        List<RetentionPolicy> current = exists ? destination.retentionPolicies(db) : List.of();
        List<RetentionPolicy> todo = new ArrayList<>(rps);
        if (!exists) {
            // create the database together with one policy so that no unwanted "autogen" appears
            RetentionPolicy first = rps.stream().filter(RetentionPolicy::isDefault).findFirst().orElse(rps.get(0));
            destination.execute("CREATE DATABASE " + Influxql.ident(db) + " WITH DURATION "
                    + Influxql.duration(first.duration()) + " REPLICATION " + first.replicaN()
                    + " SHARD DURATION " + Influxql.duration(first.shardGroupDuration())
                    + " NAME " + Influxql.ident(first.name()));
            actions.add(new SchemaAction(SchemaAction.Type.CREATED_DATABASE, db, "", ""));
            actions.add(new SchemaAction(SchemaAction.Type.CREATED_RP, db, first.name(), settings(first)));
            LOG.info("created database {} with retention policy {}", db, first.name());
            todo.remove(first);
            current = destination.retentionPolicies(db);
        }
        for (RetentionPolicy rp : todo) {
            Optional<RetentionPolicy> have = current.stream().filter(c -> c.name().equals(rp.name())).findFirst();
            String tail = " ON " + Influxql.ident(db) + " DURATION " + Influxql.duration(rp.duration())
                    + " REPLICATION " + rp.replicaN() + " SHARD DURATION " + Influxql.duration(rp.shardGroupDuration())
                    + (rp.isDefault() ? " DEFAULT" : "");
            try {
                if (have.isEmpty()) {
                    destination.execute("CREATE RETENTION POLICY " + Influxql.ident(rp.name()) + tail);
                    actions.add(new SchemaAction(SchemaAction.Type.CREATED_RP, db, rp.name(), settings(rp)));
                    LOG.info("created retention policy {}.{}", db, rp.name());
                } else if (!sameIgnoringDefaultLoss(have.get(), rp)) {
                    destination.execute("ALTER RETENTION POLICY " + Influxql.ident(rp.name()) + tail);
                    actions.add(new SchemaAction(SchemaAction.Type.ALTERED_RP, db, rp.name(),
                            "was " + settings(have.get()) + ", now " + settings(rp)));
                    LOG.info("altered retention policy {}.{}", db, rp.name());
                } else {
                    actions.add(new SchemaAction(SchemaAction.Type.UNCHANGED, db, rp.name(), settings(rp)));
                }
            } catch (NodeException ex) {
                actions.add(new SchemaAction(SchemaAction.Type.FAILED, db, rp.name(), ex.getMessage()));
                LOG.error("retention policy {}.{} failed: {}", db, rp.name(), ex.getMessage());
            }
        }
    }

    /**
     * Settings equal; a destination policy that is default while the wanted one is not counts as equal
     * here, because making another policy the default (done last) is what changes it.
     */
    private static boolean sameIgnoringDefaultLoss(RetentionPolicy have, RetentionPolicy want) {
        return have.duration().equals(want.duration()) && have.shardGroupDuration().equals(want.shardGroupDuration())
                && have.replicaN() == want.replicaN() && (have.isDefault() == want.isDefault() || !want.isDefault());
    }

    private List<String> verify(String db, List<RetentionPolicy> wanted) {
        List<String> out = new ArrayList<>();
        List<RetentionPolicy> now;
        try {
            now = destination.retentionPolicies(db);
        } catch (NodeException e) {
            out.add(db + ": cannot read back: " + e.getMessage());
            return out;
        }
        boolean defaultWanted = wanted.stream().anyMatch(RetentionPolicy::isDefault);
        for (RetentionPolicy w : wanted) {
            Optional<RetentionPolicy> have = now.stream().filter(n -> n.name().equals(w.name())).findFirst();
            if (have.isEmpty()) {
                out.add(db + "." + w.name() + " is missing on " + destination.name());
            } else {
                RetentionPolicy h = have.get();
                boolean defaultOk = !defaultWanted || h.isDefault() == w.isDefault();
                if (!h.duration().equals(w.duration()) || !h.shardGroupDuration().equals(w.shardGroupDuration())
                        || h.replicaN() != w.replicaN() || !defaultOk) {
                    out.add(db + "." + w.name() + " differs on " + destination.name() + ": " + settings(h)
                            + " instead of " + settings(w));
                }
            }
        }
        return out;
    }

    static String settings(RetentionPolicy rp) {
        return "duration " + GoDuration.format(rp.duration()) + ", shard group " + GoDuration.format(rp.shardGroupDuration())
                + ", replication " + rp.replicaN() + (rp.isDefault() ? ", default" : "");
    }

    /** Builds a {@link SchemaReplicator}. */
    public static final class Builder {
        private InfluxNode source;
        private InfluxNode destination;
        private Selection selection = Selection.ALL;

        private Builder() {
        }

        /** The node to read the schema from (the master); the caller keeps ownership. */
        public Builder source(InfluxNode node) {
            this.source = Objects.requireNonNull(node, "source");
            return this;
        }

        /** The node to create the schema on (the slave); the caller keeps ownership. */
        public Builder destination(InfluxNode node) {
            this.destination = Objects.requireNonNull(node, "destination");
            return this;
        }

        /** What to replicate and under which names; default everything. */
        public Builder selection(Selection s) {
            this.selection = Objects.requireNonNull(s, "selection");
            return this;
        }

        /**
         * Builds the replicator; nothing is sent to a node until {@link SchemaReplicator#run()}.
         *
         * @return a replicator; each {@link SchemaReplicator#run()} reads both schemas afresh
         * @throws NullPointerException when the source or the destination is not set
         */
        public SchemaReplicator build() {
            return new SchemaReplicator(this);
        }
    }
}
