package io.syncflux.core.testing;

import io.syncflux.core.influx.InfluxNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit 5 extension that runs real {@code influxd} processes for a test class. Register it as a
 * static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");
 * }</pre>
 *
 * The processes start before the first test and stop (and their directories are deleted) after the
 * last. They run with Debian's default {@code influxdb.conf} values ({@code _internal} stored, 25 MB body
 * limit, no row limit); {@link #config} sets another limit on purpose. Before each test, any node that a test stopped is started again and, unless
 * {@link #keepDataBetweenTests()} was called, every database is dropped.
 */
public final class InfluxdExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final List<String> names;
    private String adminUser;
    private String adminPassword;
    private boolean resetBetweenTests = true;
    private final Map<String, Map<String, List<String>>> extraConfig = new HashMap<>();
    private final List<Influxd> nodes = new ArrayList<>();
    private final java.util.Set<String> https = new java.util.HashSet<>();
    private TestCertificates certificates;
    private final Map<String, InfluxNode> clients = new HashMap<>();
    private Path root;

    private InfluxdExtension(List<String> names) {
        this.names = List.copyOf(names);
    }

    /** Nodes with these names, without auth. */
    public static InfluxdExtension nodes(String... names) {
        return new InfluxdExtension(List.of(names));
    }

    /** Enables {@code auth-enabled = true} with this admin user on every node. */
    public InfluxdExtension withAuth(String user, String password) {
        this.adminUser = user;
        this.adminPassword = password;
        return this;
    }

    /**
     * Adds a line to one node's {@code influxd} config, for a test that needs a limit other than Debian's
     * default on purpose, e.g. {@code config("influx01", "http", "max-row-limit = 3")}.
     *
     * @param node    the node's name, as given to {@link #nodes}
     * @param section the config section without brackets ({@code "http"}, {@code "data"}, ...)
     * @param line    a {@code key = value} line
     */
    public InfluxdExtension config(String node, String section, String line) {
        if (!names.contains(node)) {
            throw new IllegalArgumentException("no node " + node + " (nodes: " + names + ")");
        }
        extraConfig.computeIfAbsent(node, n -> new HashMap<>()).computeIfAbsent(section, x -> new ArrayList<>()).add(line);
        return this;
    }

    /**
     * Makes this node serve HTTPS only ({@code https-enabled = true}) with a server certificate of
     * {@link #certificates()}, made with {@code openssl} before the nodes start.
     */
    public InfluxdExtension https(String node) {
        if (!names.contains(node)) {
            throw new IllegalArgumentException("no node " + node + " (nodes: " + names + ")");
        }
        https.add(node);
        return this;
    }

    /** The test PKI of the nodes that serve HTTPS (see {@link #https}), or null when none does. */
    public TestCertificates certificates() {
        return certificates;
    }

    /** Keeps databases between the tests of the class. */
    public InfluxdExtension keepDataBetweenTests() {
        this.resetBetweenTests = false;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            root = Files.createTempDirectory("syncflux-influxd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread hook = new Thread(this::closeAll, "influxd-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        if (!https.isEmpty()) {
            certificates = TestCertificates.create(root.resolve("pki"));
        }
        for (String n : names) {
            Influxd node = new Influxd(n, root.resolve(n), adminUser, adminPassword,
                    extraConfig.getOrDefault(n, Map.of()), https.contains(n) ? certificates : null);
            nodes.add(node);
        }
        nodes.parallelStream().forEach(Influxd::start);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Influxd n : nodes) {
            n.resume();
            if (!n.running()) {
                n.start();
            }
            if (resetBetweenTests) {
                n.dropAllDatabases();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeAll();
    }

    private synchronized void closeAll() {
        clients.values().forEach(InfluxNode::close);
        clients.clear();
        for (Influxd n : nodes) {
            n.close();
        }
        nodes.clear();
        if (root != null) {
            Influxd.deleteTree(root);
        }
    }

    /** The i-th node (0-based), in the order given. */
    public Influxd node(int i) {
        return nodes.get(i);
    }

    /**
     * A SyncFlux client of the i-th node, connected on first use and closed after the last test of the
     * class: test classes share it instead of connecting and closing their own.
     */
    public synchronized InfluxNode client(int i) {
        Influxd n = node(i);
        return clients.computeIfAbsent(n.name(), x -> InfluxNode.connect(n.nodeConfig()));
    }

    /** The node with this name. */
    public Influxd node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    /** A complete config file text with these nodes and the given extra [General] lines. */
    public String toml(String master, String slave, String... generalLines) {
        StringBuilder sb = new StringBuilder("[General]\n master-db = \"" + master + "\"\n slave-db = \"" + slave + "\"\n");
        for (String l : generalLines) {
            sb.append(' ').append(l).append('\n');
        }
        for (Influxd n : nodes) {
            sb.append(n.tomlBlock());
        }
        return sb.toString();
    }
}
