package io.syncflux.core.api;

/** In which order chunks are copied. */
public enum CopyOrder {
    /** Most recent first (the default). */
    BACKWARD,
    /** Oldest first. */
    FORWARD;

    /**
     * Parses {@code backward} or {@code forward}.
     *
     * @throws SyncfluxException (usage) for anything else
     */
    public static CopyOrder of(String s) {
        if (s == null || s.isEmpty()) {
            return BACKWARD;
        }
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "backward", "backwards" -> BACKWARD;
            case "forward", "forwards" -> FORWARD;
            default -> throw SyncfluxException.usage("unknown order \"" + s + "\" (use backward or forward)");
        };
    }
}
