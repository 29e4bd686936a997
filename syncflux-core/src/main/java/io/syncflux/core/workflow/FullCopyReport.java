package io.syncflux.core.workflow;

import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.SchemaReport;

import java.util.Objects;

/**
 * What a {@link FullCopy} did: the schema replication, then the data copy (which runs even when a schema
 * action failed, so that what can be copied is).
 *
 * @param schema what the schema replication did
 * @param copy   what the data copy did
 */
public record FullCopyReport(SchemaReport schema, CopyReport copy) {
    /**
     * @throws NullPointerException when a part is null
     */
    public FullCopyReport {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(copy, "copy");
    }

    /** True when the schema now matches and every planned range was copied. */
    public boolean ok() {
        return schema.ok() && copy.ok();
    }
}
