package io.syncflux.cli;

import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.influx.InfluxNode;

/** {@code -action fullcopy}: replicaschema, then copy. */
final class FullCopyAction {
    private final Printer printer;
    private final boolean interactive;
    private final boolean verbose;

    FullCopyAction(Printer printer, boolean interactive, boolean verbose) {
        this.printer = printer;
        this.interactive = interactive;
        this.verbose = verbose;
    }

    /** Runs both steps (the copy even when some schema action failed); 0 only when both succeeded. */
    int run(InfluxNode master, InfluxNode slave, GeneralConfig general, CopyOptions o) {
        int schema = new ReplicaSchemaAction(printer).run(master, slave, o.selection());
        int copy = new CopyAction(printer, interactive, verbose).run(master, slave, general, o);
        return Math.max(schema, copy);
    }
}
