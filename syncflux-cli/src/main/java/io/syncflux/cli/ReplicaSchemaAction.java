package io.syncflux.cli;

import io.syncflux.core.api.Selection;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.SchemaReport;
import io.syncflux.core.schema.SchemaReplicator;

/** {@code -action replicaschema}: creates or alters the selected databases and retention policies on the slave. */
final class ReplicaSchemaAction {
    private final Printer printer;

    ReplicaSchemaAction(Printer printer) {
        this.printer = printer;
    }

    /** Prints one line per action, then each remaining mismatch; returns the exit code. */
    int run(InfluxNode master, InfluxNode slave, Selection selection) {
        return print(SchemaReplicator.builder().source(master).destination(slave).selection(selection).build().run(),
                slave.name());
    }

    /** Prints one line per action, then each remaining mismatch; returns the exit code. */
    int print(SchemaReport report, String slave) {
        report.actions().forEach(a -> printer.line(a.describe()));
        report.mismatches().forEach(m -> printer.line("mismatch: " + m));
        if (report.ok()) {
            return 0;
        }
        long failed = report.actions().stream()
                .filter(a -> a.type() == io.syncflux.core.report.SchemaAction.Type.FAILED).count();
        printer.error("replicaschema: " + failed + " failed, " + report.mismatches().size()
                + " mismatches remain on " + slave);
        return 1;
    }
}
