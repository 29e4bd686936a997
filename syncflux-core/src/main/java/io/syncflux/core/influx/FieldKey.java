package io.syncflux.core.influx;

import java.util.Objects;

/**
 * One row of {@code SHOW FIELD KEYS}: a field and the type it has in (some shards of) a measurement.
 *
 * @param name the field key
 * @param type the server's type name: {@code float}, {@code integer}, {@code unsigned}, {@code string} or
 *             {@code boolean}
 */
public record FieldKey(String name, String type) {
    /** Checks that both are given. */
    public FieldKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
