package io.syncflux.core.config;

/** How the HA monitor syncs the pair: {@code onlyslave} recovers the slave from the master only. */
public enum SyncMode {
    /** One way: only the slave is recovered, from the master (the original behaviour). */
    ONLYSLAVE("onlyslave"),
    /** Either node is recovered from the other. */
    TWOWAYS("twoways");

    private final String key;

    SyncMode(String key) {
        this.key = key;
    }

    /** The config value, e.g. {@code onlyslave}. */
    public String key() {
        return key;
    }

    /** Parses the config value (case-insensitive). */
    public static SyncMode of(String value) {
        for (SyncMode m : values()) {
            if (m.key.equalsIgnoreCase(value.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown sync-mode \"" + value + "\" (use onlyslave or twoways)");
    }
}
