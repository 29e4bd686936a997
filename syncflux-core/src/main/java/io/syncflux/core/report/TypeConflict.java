package io.syncflux.core.report;

import java.util.List;

/**
 * A field whose type differs between shards of the source. Each value is copied with the type of
 * its own shard; this entry tells the operator the conflict exists.
 */
public record TypeConflict(String db, String rp, String measurement, String field, List<String> types) {
    public TypeConflict {
        types = List.copyOf(types);
    }

    /** One line. */
    public String describe() {
        return db + "." + rp + "." + measurement + " field \"" + field + "\" has types " + String.join(", ", types)
                + " in different shards (each value keeps its own type)";
    }
}
