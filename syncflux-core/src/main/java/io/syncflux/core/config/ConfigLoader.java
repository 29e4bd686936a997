package io.syncflux.core.config;

import io.syncflux.core.api.GoDuration;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads a TOML configuration file written for SyncFlux (or for the original Go tool) into a
 * {@link SyncfluxConfig}. Every problem is a {@link ConfigException} with a one-line message naming
 * the file, the key and what is wrong.
 */
public final class ConfigLoader {

    /** Where the config is looked for when none is given, in order. */
    public static final List<Path> DEFAULT_LOCATIONS = List.of(
            Path.of("./conf/syncflux.toml"),
            Path.of("/etc/syncflux/syncflux.toml"),
            Path.of("/opt/syncflux/conf/syncflux.toml"));

    private static final Set<String> GENERAL_KEYS = Set.of("logdir", "loglevel", "sync-mode", "master-db",
            "slave-db", "check-interval", "min-sync-interval", "initial-replication", "monitor-retry-interval",
            "data-chuck-duration", "data-chunk-duration", "max-retention-interval", "rw-max-retries",
            "rw-retry-delay", "num-workers", "max-points-on-single-write", "datadir",
            "max-bytes-on-single-write", "verify-interval", "verify-window", "verify-repair",
            "max-points-per-second", "read-span", "max-queued-recoveries");
    private static final Set<String> HTTP_KEYS = Set.of("name", "bind-addr", "admin-user", "admin-passwd",
            "cookie-id", "tls-cert", "tls-key", "admin-passwd-file");
    private static final Set<String> NODE_KEYS = Set.of("release", "name", "location", "admin-user",
            "admin-passwd", "timeout", "read-timeout", "tls-ca", "insecure-skip-verify", "tls-cert", "tls-key", "admin-passwd-file");
    private static final Set<String> SECTIONS = Set.of("general", "http", "influxdb");

    private ConfigLoader() {
    }

    /**
     * Finds the config file: the given one if present, else the first of {@link #DEFAULT_LOCATIONS}
     * that exists.
     *
     * @throws ConfigException when the given file does not exist or no default location has one
     */
    public static Path locate(Path given) {
        if (given != null) {
            if (!Files.isRegularFile(given)) {
                throw new ConfigException("config " + given + ": file not found");
            }
            return given;
        }
        for (Path p : DEFAULT_LOCATIONS) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new ConfigException("no config file given (-config) and none found in "
                + String.join(", ", DEFAULT_LOCATIONS.stream().map(Path::toString).toList()));
    }

    /**
     * Loads and validates a config file, with the passwords the process environment gives
     * ({@code SYNCFLUX_HTTP_ADMIN_PASSWD}, {@code SYNCFLUX_NODE_<NAME>_ADMIN_PASSWD} and their {@code _FILE}
     * forms; see {@link #load(Path, Map)}).
     */
    public static SyncfluxConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Loads and validates a config file. Each password (the {@code [http]} admin's and each node's) is, first
     * found wins: the variable {@code SYNCFLUX_HTTP_ADMIN_PASSWD} or {@code SYNCFLUX_NODE_<NAME>_ADMIN_PASSWD}
     * of {@code env} ({@code <NAME>}: the node name upper-cased, every character other than A-Z and 0-9 made
     * {@code _}); the file named by the same variable with {@code _FILE} appended; the file named by the
     * section's {@code admin-passwd-file}; the section's {@code admin-passwd}. One trailing line break of a
     * file is dropped. Relative file paths are relative to the working directory.
     *
     * @param env the environment to read the variables from (never modified)
     */
    public static SyncfluxConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config " + file + ": file not found");
        } catch (IOException e) {
            throw new ConfigException("config " + file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString(), env);
    }

    /**
     * Parses config text; {@code source} names it in error messages. No environment variable is read
     * (see {@link #parse(String, String, Map)}).
     */
    public static SyncfluxConfig parse(String text, String source) {
        return parse(text, source, Map.of());
    }

    /** Parses config text with the passwords {@code env} gives, as {@link #load(Path, Map)} does. */
    public static SyncfluxConfig parse(String text, String source, Map<String, String> env) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc != null && loc.getLineNr() > 0 ? " at line " + loc.getLineNr() : "";
            throw new ConfigException("config " + source + ": malformed TOML" + where + ": "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException("config " + source + ": cannot parse: " + firstLine(e.getMessage()));
        }
        return new Reader(source, Map.copyOf(env)).read(root == null ? new TomlMapper().createObjectNode() : root);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static final class Reader {
        private final String source;
        private final Map<String, String> env;

        Reader(String source, Map<String, String> env) {
            this.source = source;
            this.env = env;
        }

        SyncfluxConfig read(JsonNode root) {
            JsonNode general = null;
            JsonNode http = null;
            JsonNode nodes = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "general" -> general = e.getValue();
                    case "http" -> http = e.getValue();
                    case "influxdb" -> nodes = e.getValue();
                    default -> throw error("", e.getKey(), "unknown section or key" + placement(e.getKey()));
                }
            }
            GeneralConfig g = readGeneral(general);
            HttpConfig h = readHttp(http);
            List<NodeConfig> n = readNodes(nodes);
            List<String> seen = new ArrayList<>();
            for (NodeConfig node : n) {
                if (seen.contains(node.name())) {
                    throw error("[[influxdb]] ", "name", "duplicate node name \"" + node.name() + "\"");
                }
                seen.add(node.name());
            }
            if (g.masterNode() != null && !seen.contains(g.masterNode())) {
                throw error("[General] ", "master-db", "\"" + g.masterNode() + "\" names no [[influxdb]] node"
                        + known(seen));
            }
            if (g.slaveNode() != null && !seen.contains(g.slaveNode())) {
                throw error("[General] ", "slave-db", "\"" + g.slaveNode() + "\" names no [[influxdb]] node"
                        + known(seen));
            }
            return new SyncfluxConfig(g, h, n);
        }

        /** Where a misplaced top-level key belongs, or the closest section name. */
        private static String placement(String key) {
            String k = key.toLowerCase(Locale.ROOT);
            if (GENERAL_KEYS.contains(k)) {
                return " (it belongs in the [General] section)";
            }
            if (NODE_KEYS.contains(k)) {
                return " (it belongs in an [[influxdb]] section)";
            }
            if (HTTP_KEYS.contains(k)) {
                return " (it belongs in the [http] section)";
            }
            return KeySuggester.suggest(key, SECTIONS);
        }

        private static String known(List<String> names) {
            return names.isEmpty() ? " (no nodes configured)" : " (configured: " + String.join(", ", names) + ")";
        }

        private GeneralConfig readGeneral(JsonNode node) {
            GeneralConfig d = GeneralConfig.defaults();
            if (node == null) {
                return d;
            }
            ConfigSection s = new ConfigSection(source, "[General] ", node, GENERAL_KEYS);
            Duration chunk = s.duration("data-chuck-duration", null);
            Duration chunk2 = s.duration("data-chunk-duration", null);
            if (chunk != null && chunk2 != null) {
                throw error("[General] ", "data-chunk-duration", "set either data-chunk-duration or its old "
                        + "spelling data-chuck-duration, not both");
            }
            Duration dataChunk = chunk2 != null ? chunk2 : chunk != null ? chunk : d.dataChunkDuration();
            String loglevel = s.string("loglevel", d.loglevel()).toLowerCase(Locale.ROOT);
            if (!Set.of("panic", "fatal", "error", "warn", "warning", "info", "debug", "trace").contains(loglevel)) {
                throw error("[General] ", "loglevel", "unknown level \"" + loglevel
                        + "\" (use fatal, error, warn, info, debug or trace)");
            }
            try {
                return new GeneralConfig(
                        Path.of(s.string("logdir", d.logdir().toString())),
                        loglevel,
                        s.parsed("sync-mode", d.syncMode(), SyncMode::of),
                        s.name("master-db"),
                        s.name("slave-db"),
                        s.positive("check-interval", d.checkInterval()),
                        s.positive("min-sync-interval", d.minSyncInterval()),
                        s.parsed("initial-replication", d.initialReplication(), InitialReplication::of),
                        s.positive("monitor-retry-interval", d.monitorRetryInterval()),
                        requirePositive(dataChunk, chunk2 != null ? "data-chunk-duration" : "data-chuck-duration"),
                        s.positive("max-retention-interval", d.maxRetentionInterval()),
                        s.integer("rw-max-retries", d.rwMaxRetries(), 0),
                        s.nonNegative("rw-retry-delay", d.rwRetryDelay()),
                        s.integer("num-workers", d.numWorkers(), 1),
                        s.integer("max-points-on-single-write", d.maxPointsOnSingleWrite(), 1),
                        Path.of(s.string("datadir", d.datadir().toString())),
                        s.integer("max-bytes-on-single-write", d.maxBytesOnSingleWrite(), 1),
                        s.nonNegative("verify-interval", d.verifyInterval()),
                        s.positive("verify-window", d.verifyWindow()),
                        s.bool("verify-repair", d.verifyRepair()),
                        s.integer("max-points-per-second", (int) d.maxPointsPerSecond(), 0),
                        s.positive("read-span", d.readSpan()),
                        s.integer("max-queued-recoveries", d.maxQueuedRecoveries(), 1));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("config " + source + ": [General] " + e.getMessage());
            }
        }

        private Duration requirePositive(Duration d, String key) {
            if (d.isNegative() || d.isZero()) {
                throw error("[General] ", key, "must be a positive duration, got \"" + GoDuration.format(d) + "\"");
            }
            return d;
        }

        private HttpConfig readHttp(JsonNode node) {
            HttpConfig d = HttpConfig.defaults();
            if (node == null) {
                node = new TomlMapper().createObjectNode();
            }
            ConfigSection s = new ConfigSection(source, "[http] ", node, HTTP_KEYS);
            String bind = s.string("bind-addr", d.bindAddr());
            int colon = bind.lastIndexOf(':');
            int port = -1;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(bind.substring(colon + 1));
                } catch (NumberFormatException ignored) {
                    port = -1;
                }
            }
            if (port < 0 || port > 65535) {
                throw error("[http] ", "bind-addr", "\"" + bind + "\" is not host:port");
            }
            HttpConfig h = new HttpConfig(s.string("name", d.name()), bind, s.string("admin-user", d.adminUser()),
                    Secrets.password(s, "[http] ", Secrets.HTTP_ENV, env, d.adminPasswd(), this::error),
                    s.string("cookie-id", d.cookieId()));
            return h.withTls(httpTls(s));
        }

        /** The [http] tls-cert and tls-key: both or neither, checked now so that a bad file stops the start. */
        private HttpConfig.Tls httpTls(ConfigSection s) {
            Path cert = path(s, "tls-cert");
            Path key = path(s, "tls-key");
            if ((cert == null) != (key == null)) {
                throw error("[http] ", cert == null ? "tls-cert" : "tls-key", "tls-cert and tls-key go together: "
                        + "set both to serve HTTPS, or neither");
            }
            if (cert == null) {
                return null;
            }
            PemFiles.keyManagers(cert, key, "config " + source + ": [http] tls-cert/tls-key");
            return new HttpConfig.Tls(cert, key);
        }

        /** The [[influxdb]] TLS keys, their files read now so that a bad file is a config error. */
        private NodeTls nodeTls(ConfigSection s, String p, URI uri) {
            Path ca = path(s, "tls-ca");
            Path cert = path(s, "tls-cert");
            Path key = path(s, "tls-key");
            boolean skip = s.bool("insecure-skip-verify", false);
            NodeTls tls;
            try {
                tls = new NodeTls(ca, skip, cert, key);
            } catch (IllegalArgumentException e) {
                throw error(p, ca != null && skip ? "insecure-skip-verify" : cert == null ? "tls-cert" : "tls-key",
                        e.getMessage());
            }
            if (tls.configured() && !uri.getScheme().equals("https")) {
                // the location is not repeated: it may hold credentials
                throw error(p, ca != null ? "tls-ca" : skip ? "insecure-skip-verify" : "tls-cert", "is set but the "
                        + "location is " + uri.getScheme() + "://, not https://");
            }
            if (ca != null) {
                PemFiles.trustManager(ca, "config " + source + ": " + p + "tls-ca");
            }
            if (cert != null) {
                PemFiles.keyManagers(cert, key, "config " + source + ": " + p + "tls-cert/tls-key");
            }
            return tls;
        }

        private static Path path(ConfigSection s, String key) {
            String v = s.string(key, null);
            return v == null || v.isBlank() ? null : Path.of(v.trim());
        }

        private List<NodeConfig> readNodes(JsonNode node) {
            List<NodeConfig> out = new ArrayList<>();
            if (node == null) {
                return out;
            }
            if (!node.isArray()) {
                throw error("", "influxdb", "must be an array of tables: write [[influxdb]]");
            }
            int i = 0;
            for (JsonNode n : node) {
                i++;
                String prefix = "[[influxdb]] #" + i + " ";
                ConfigSection s = new ConfigSection(source, prefix, n, NODE_KEYS);
                String name = s.string("name", null);
                if (name == null || name.isBlank()) {
                    throw error(prefix, "name", "missing node name");
                }
                String p = "[[influxdb]] \"" + name + "\" ";
                String loc = s.string("location", null);
                if (loc == null) {
                    throw error(p, "location", "missing");
                }
                if (NodeConfig.hasUserInfo(loc)) {
                    throw error(p, "location", NodeConfig.CREDENTIALS_IN_LOCATION
                            + " (or admin-passwd-file, or the environment variable " + Secrets.nodeEnv(name) + ")");
                }
                URI uri;
                try {
                    uri = new URI(loc.trim());
                } catch (URISyntaxException e) {
                    throw error(p, "location", "\"" + loc + "\" is not an http(s) URL");
                }
                if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                        || uri.getHost() == null) {
                    throw error(p, "location", "\"" + loc + "\" is not an http(s) URL");
                }
                Duration timeout = new ConfigSection(source, p, n, NODE_KEYS).nonNegative("timeout",
                        Duration.ofSeconds(10));
                Duration readTimeout = new ConfigSection(source, p, n, NODE_KEYS).positive("read-timeout",
                        NodeConfig.DEFAULT_READ_TIMEOUT);
                NodeTls tls = nodeTls(new ConfigSection(source, p, n, NODE_KEYS), p, uri);
                String envVar = Secrets.nodeEnv(name);
                for (NodeConfig other : out) {
                    if (Secrets.nodeEnv(other.name()).equals(envVar) && (env.containsKey(envVar)
                            || env.containsKey(envVar + "_FILE"))) {
                        throw error(p, "name", "nodes \"" + other.name() + "\" and \"" + name
                                + "\" share the environment variable " + envVar + ": rename one of them");
                    }
                }
                out.add(new NodeConfig(s.string("release", "1x"), name, uri, s.string("admin-user", ""),
                        Secrets.password(new ConfigSection(source, p, n, NODE_KEYS), p, envVar, env, "", this::error),
                        timeout, tls, readTimeout));
            }
            return out;
        }

        private ConfigException error(String section, String key, String what) {
            return new ConfigException("config " + source + ": " + section + key + ": " + what);
        }
    }
}
