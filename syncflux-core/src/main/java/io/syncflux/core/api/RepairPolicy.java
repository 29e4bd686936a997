package io.syncflux.core.api;

/** What a verify does with the series that differ. */
public enum RepairPolicy {
    /** Reports them; writes nothing. */
    NONE,
    /**
     * Writes to the slave what it lacks or holds otherwise, then compares again; points only the slave
     * holds are counted and left in place.
     */
    ONE_WAY,
    /**
     * Like {@link #ONE_WAY}, and also deletes from the slave the points the master does not have (InfluxDB's
     * {@code DELETE} is per database, not per retention policy).
     */
    ONE_WAY_DELETE,
    /**
     * Writes the missing points to each node; at the same timestamp and field the master's value wins.
     * Nothing is deleted.
     */
    TWO_WAYS;

    /** True unless {@link #NONE}. */
    public boolean repairs() {
        return this != NONE;
    }
}
