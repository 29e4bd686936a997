package io.syncflux.core.testing;

import io.syncflux.core.config.ConfigLoader;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.config.SyncfluxConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of HA tests that must see node checks, recoveries and retries within a second: the
 * {@code [General]} lines {@link #LINES}, with the cluster {@code influx01} (master) and {@code influx02}
 * (slave) of an {@link InfluxdExtension}. A test's own lines come after; one naming a key of {@link #LINES}
 * replaces that line (so a test can slow one interval down on purpose).
 */
public final class FastHa {
    /** Node checks, the supervisor and the monitor's retries every 200 ms; a failed read or write retried after 100 ms. */
    public static final List<String> LINES = List.of("check-interval = \"200ms\"", "min-sync-interval = \"200ms\"",
            "monitor-retry-interval = \"200ms\"", "rw-retry-delay = \"100ms\"");

    private FastHa() {
    }

    /** {@link #LINES}, each replaced by an extra line of the same key, then the other extra lines. */
    public static String[] general(String... extra) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String line : LINES) {
            byKey.put(key(line), line);
        }
        List<String> more = new ArrayList<>();
        for (String line : extra) {
            String key = key(line);
            if (byKey.containsKey(key)) {
                byKey.put(key, line);
            } else {
                more.add(line);
            }
        }
        List<String> all = new ArrayList<>(byKey.values());
        all.addAll(more);
        return all.toArray(String[]::new);
    }

    private static String key(String line) {
        int eq = line.indexOf('=');
        return (eq < 0 ? line : line.substring(0, eq)).trim();
    }

    /** A config file text: influx01 master, influx02 slave, the fast lines and the extra ones. */
    public static String toml(InfluxdExtension influx, String... extra) {
        return influx.toml("influx01", "influx02", general(extra));
    }

    /** The config of {@link #toml}, parsed as a file would be. */
    public static SyncfluxConfig config(InfluxdExtension influx, String... extra) {
        return ConfigLoader.parse(toml(influx, extra), "test");
    }

    /** The {@code [General]} settings of {@link #toml}. */
    public static GeneralConfig settings(InfluxdExtension influx, String... extra) {
        return config(influx, extra).general();
    }
}
