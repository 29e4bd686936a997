package io.syncflux.core.testing;

import io.syncflux.core.config.NodeConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code influxd} process on free loopback ports with its own temporary directory. Start,
 * stop, kill, pause (SIGSTOP) and restart it on the same ports and data. Used by every module's tests.
 *
 * <p>It runs with Debian's default {@code influxdb.conf} values (see {@link #config()}): {@code _internal}
 * monitoring is stored, {@code max-body-size} is 25,000,000 and there is no {@code max-row-limit}. A test
 * that needs another limit asks for it on purpose with
 * {@link InfluxdExtension#config(String, String, String)}.
 */
public final class Influxd implements AutoCloseable {
    private final String name;
    private final Path dir;
    private final String adminUser;
    private final String adminPassword;
    private volatile int httpPort;
    private volatile int rpcPort;
    private boolean everStarted;
    private final Map<String, List<String>> extraConfig;
    private final TestCertificates https;
    private final HttpClient client;
    private Process process;

    Influxd(String name, Path dir, String adminUser, String adminPassword) {
        this(name, dir, adminUser, adminPassword, Map.of());
    }

    /**
     * @param extraConfig lines added to a section of the config, by section name ({@code ""} for the
     *                    top level), e.g. {@code "http" -> ["max-row-limit = 3"]}
     */
    Influxd(String name, Path dir, String adminUser, String adminPassword, Map<String, List<String>> extraConfig) {
        this(name, dir, adminUser, adminPassword, extraConfig, null);
    }

    /**
     * @param https when not null, the server speaks only HTTPS with {@code https}'s server certificate, and
     *              this class's own requests trust its CA
     */
    Influxd(String name, Path dir, String adminUser, String adminPassword, Map<String, List<String>> extraConfig,
            TestCertificates https) {
        this.https = https;
        HttpClient.Builder cb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (https != null) {
            try {
                javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
                ctx.init(null, new javax.net.ssl.TrustManager[]{io.syncflux.core.config.PemFiles.trustManager(
                        https.ca(), "test CA")}, null);
                cb.sslContext(ctx);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        this.client = cb.build();
        this.name = name;
        this.dir = dir;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        extraConfig.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.extraConfig = Collections.unmodifiableMap(copy);
        this.httpPort = Fixtures.freePort();
        this.rpcPort = Fixtures.freePort();
    }

    /** Finds the influxd binary: {@code $INFLUXD}, else {@code influxd} on the PATH. */
    static String binary() {
        String env = System.getenv("INFLUXD");
        if (env != null && !env.isBlank()) {
            if (!Files.isExecutable(Path.of(env))) {
                throw new IllegalStateException("INFLUXD=" + env + " is not an executable file");
            }
            return env;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String p : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(p, "influxd");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("influxd not found: install the Debian package 'influxdb' "
                + "(apt-get install influxdb) or set INFLUXD to the binary's path");
    }

    /**
     * Starts the process (again, on the same ports and data) and waits until it answers /ping. On its
     * very first start, a port that something else took since it was chosen is replaced by a fresh one
     * (up to three times); a restart keeps its ports, as clients already point at them.
     */
    public synchronized Influxd start() {
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce();
                everStarted = true;
                return this;
            } catch (IllegalStateException e) {
                if (everStarted || attempt == 3 || !String.valueOf(e.getMessage()).contains("address already in use")) {
                    throw e;
                }
                httpPort = Fixtures.freePort();
                rpcPort = Fixtures.freePort();
            }
        }
    }

    private void startOnce() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path conf = dir.resolve("influxd.conf");
            Files.writeString(conf, config());
            ProcessBuilder pb = new ProcessBuilder(binary(), "-config", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start influxd " + name, e);
        }
        awaitPing(Duration.ofSeconds(60));
        if (adminUser != null) {
            ensureAdmin();
        }
    }

    /**
     * Debian's default {@code influxdb.conf} values except ports, directories, {@code reporting-disabled}
     * and quieter logging, plus the extra lines a test asked for. So {@code _internal} is stored, the
     * body limit is 25 MB, queries have no row limit and continuous queries run, as on a user's server.
     */
    String config() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("", List.of("reporting-disabled = true", "bind-address = \"127.0.0.1:" + rpcPort + "\""));
        sections.put("meta", List.of("dir = \"" + dir.resolve("meta") + "\"", "logging-enabled = false"));
        sections.put("data", List.of("dir = \"" + dir.resolve("data") + "\"", "wal-dir = \"" + dir.resolve("wal") + "\"",
                "query-log-enabled = false", "trace-logging-enabled = false"));
        List<String> http = new java.util.ArrayList<>(List.of("bind-address = \"127.0.0.1:" + httpPort + "\"",
                "log-enabled = false", "auth-enabled = " + (adminUser != null)));
        if (https != null) {
            http.addAll(List.of("https-enabled = true", "https-certificate = \"" + https.serverCert() + "\"",
                    "https-private-key = \"" + https.serverKey() + "\""));
        }
        sections.put("http", http);
        sections.put("logging", List.of("level = \"warn\""));
        StringBuilder sb = new StringBuilder();
        Set<String> names = new LinkedHashSet<>(sections.keySet());
        names.addAll(extraConfig.keySet());
        for (String section : names) {
            if (!section.isEmpty()) {
                sb.append('[').append(section).append("]\n");
            }
            for (String line : sections.getOrDefault(section, List.of())) {
                sb.append("  ").append(line).append('\n');
            }
            for (String line : extraConfig.getOrDefault(section, List.of())) {
                sb.append("  ").append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private void awaitPing(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("influxd " + name + " exited with " + process.exitValue()
                        + ": " + logTail());
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url() + "ping"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 204) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Fixtures.sleep(50);
        }
        throw new IllegalStateException("influxd " + name + " did not answer within " + max + ": " + logTail());
    }

    private void ensureAdmin() {
        String q = "CREATE USER " + "\"" + adminUser + "\" WITH PASSWORD '" + adminPassword.replace("'", "\\'")
                + "' WITH ALL PRIVILEGES";
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url() + "query"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 && !r.body().contains("already exists")) {
                // with auth on and an admin already present, creating needs credentials: check they work
                query("SHOW DATABASES");
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot create admin user on " + name, e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("influxd.log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Stops the process with SIGTERM and waits for it. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        resume();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the process with SIGKILL (a crash). */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * CPU time the process has used so far (user + system, from {@code /proc/<pid>/stat}, in clock ticks of
     * 10 ms), in nanoseconds; for benchmarks that show where a copy's CPU goes.
     */
    public synchronized long cpuNanos() {
        if (process == null || !process.isAlive()) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // fields after the command name (which is in parentheses and may hold spaces): utime is the 12th
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process id while it runs, else -1; for benchmarks that sample its memory from {@code /proc}. */
    public synchronized long pid() {
        return process == null || !process.isAlive() ? -1 : process.pid();
    }

    /** Freezes the process with SIGSTOP: it keeps its sockets but answers nothing (a hang). */
    public synchronized void pause() {
        signal("STOP");
    }

    /** Undoes {@link #pause()}. */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String sig) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True while the process runs. */
    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** The node's name in configs built by {@link #nodeConfig()}. */
    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:port/}, or {@code https://} for a node serving HTTPS. */
    public String url() {
        return (https == null ? "http" : "https") + "://127.0.0.1:" + httpPort + "/";
    }

    /** The certificates of a node serving HTTPS, or null. */
    public TestCertificates https() {
        return https;
    }

    /** The HTTP port. */
    public int httpPort() {
        return httpPort;
    }

    /**
     * A node config for this server, with its credentials and a 10 s timeout; a node serving HTTPS is
     * trusted through its test CA ({@code tls-ca}).
     */
    public NodeConfig nodeConfig() {
        NodeConfig c = NodeConfig.of(name, url());
        if (https != null) {
            c = c.withTls(io.syncflux.core.config.NodeTls.trusting(https.ca()));
        }
        return adminUser == null ? c : c.withCredentials(adminUser, adminPassword);
    }

    /** A {@code [[influxdb]]} TOML block for this server. */
    public String tomlBlock() {
        return "[[influxdb]]\n release = \"1x\"\n name = \"" + name + "\"\n location = \"" + url() + "\"\n"
                + (adminUser == null ? "" : " admin-user = \"" + tomlEscape(adminUser) + "\"\n admin-passwd = \""
                + tomlEscape(adminPassword) + "\"\n") + " timeout = \"10s\"\n"
                + (https == null ? "" : " tls-ca = \"" + tomlEscape(https.ca().toString()) + "\"\n");
    }

    /** The inside of a TOML basic string: backslashes and quotes escaped. */
    static String tomlEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Runs InfluxQL with POST and returns the JSON answer; fails on HTTP errors or result errors. */
    public String query(String q) {
        return query(null, q);
    }

    /** Runs InfluxQL against a database with POST and returns the JSON answer. */
    public String query(String db, String q) {
        String body = "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + (db == null ? "" : "&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url() + "query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
            throw new IllegalStateException(name + ": " + q + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Writes line protocol at ns precision into {@code db} (default RP unless rp is given). */
    public void write(String db, String rp, String lines) {
        String u = url() + "write?precision=ns&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8)
                + (rp == null ? "" : "&rp=" + URLEncoder.encode(rp, StandardCharsets.UTF_8));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(u))
                .POST(HttpRequest.BodyPublishers.ofString(lines)));
        if (r.statusCode() != 204) {
            throw new IllegalStateException(name + ": write -> " + r.statusCode() + " " + r.body());
        }
    }

    /** Drops every database but {@code _internal}. */
    public void dropAllDatabases() {
        String json = query("SHOW DATABASES");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[\"((?:[^\"\\\\]|\\\\.)*)\"\\]").matcher(json);
        while (m.find()) {
            String db = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
            if (!db.equals("_internal")) {
                query("DROP DATABASE " + io.syncflux.core.influx.Influxql.ident(db));
            }
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        if (adminUser != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return client.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(name + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the process and deletes its directory. */
    @Override
    public void close() {
        kill();
        deleteTree(dir);
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // temp files; best effort
        }
    }

    @Override
    public String toString() {
        return "influxd " + name + " at " + url();
    }
}
