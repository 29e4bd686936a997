package io.syncflux.core.report;

import java.util.List;

/**
 * A field whose type differs between shards of the source. Each value is copied with the type of
 * its own shard; this entry tells the operator the conflict exists.
 *
 * @param db          source database
 * @param rp          source retention policy
 * @param measurement the measurement
 * @param field       the field key
 * @param types       the distinct types found, as {@code SHOW FIELD KEYS} names them ({@code float},
 *                    {@code integer}, {@code string}, {@code boolean}, {@code unsigned})
 */
public record TypeConflict(String db, String rp, String measurement, String field, List<String> types) {
    /** Copies the list of types, which must not be null. */
    public TypeConflict {
        types = List.copyOf(types);
    }

    /** One line. */
    public String describe() {
        return db + "." + rp + "." + measurement + " field \"" + field + "\" has types " + String.join(", ", types)
                + " in different shards (each value keeps its own type)";
    }
}
