package io.syncflux.core.influx;

import io.syncflux.core.api.SyncfluxException;

import java.util.List;

/**
 * A unit read points from the source that line protocol cannot carry to the destination (for
 * example a measurement whose name starts with {@code #}, which line protocol reads as a comment).
 * Every other point of the unit was written; these were not. Trying again cannot help, so the copy
 * reports the unit's range as failed with this message instead of retrying it.
 */
public final class NotWritableException extends SyncfluxException {
    private static final long serialVersionUID = 1L;

    /** The number of points left out. */
    private final long points;

    /**
     * Creates the exception.
     *
     * @param points  how many points were left out (1 or more)
     * @param reasons one line per measurement and reason, as {@link io.syncflux.core.pipeline.LineBatch#rejections()} gives them
     */
    public NotWritableException(long points, List<String> reasons) {
        super(Kind.FAILURE, points + (points == 1 ? " point" : " points") + " cannot be written in line protocol and "
                + (points == 1 ? "was" : "were") + " not copied: " + String.join("; ", reasons));
        this.points = points;
    }

    /** How many points were left out. */
    public long points() {
        return points;
    }
}
