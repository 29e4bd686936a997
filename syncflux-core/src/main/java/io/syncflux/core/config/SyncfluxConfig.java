package io.syncflux.core.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A whole configuration: {@code [General]}, {@code [http]} and the {@code [[influxdb]]} nodes.
 * Load one with {@link ConfigLoader}; build one in code with the constructor.
 */
public record SyncfluxConfig(GeneralConfig general, HttpConfig http, List<NodeConfig> influxdb) {

    /**
     * Validates the configuration and copies the node list.
     *
     * @throws NullPointerException     when a section or the node list is null
     * @throws IllegalArgumentException when two nodes have the same name
     */
    public SyncfluxConfig {
        Objects.requireNonNull(general, "general");
        Objects.requireNonNull(http, "http");
        influxdb = List.copyOf(influxdb);
        Set<String> names = new HashSet<>();
        for (NodeConfig n : influxdb) {
            if (!names.add(n.name())) {
                throw new IllegalArgumentException("duplicate node name \"" + n.name() + "\"");
            }
        }
    }

    /** The node with this name, if configured. */
    public Optional<NodeConfig> node(String name) {
        return influxdb.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /**
     * The node with this name.
     *
     * @throws ConfigException naming the unknown node and the known ones
     */
    public NodeConfig requireNode(String name, String role) {
        if (name == null || name.isEmpty()) {
            throw new ConfigException("no " + role + " node given: set " + role + "-db in [General] or -" + role);
        }
        return node(name).orElseThrow(() -> new ConfigException("unknown " + role + " node \"" + name
                + "\" (configured nodes: " + influxdb.stream().map(NodeConfig::name)
                .collect(Collectors.joining(", ")) + ")"));
    }

    /** The master node named by {@code master-db}. */
    public NodeConfig master() {
        return requireNode(general.masterNode(), "master");
    }

    /** The slave node named by {@code slave-db}. */
    public NodeConfig slave() {
        return requireNode(general.slaveNode(), "slave");
    }

    /**
     * The master and slave nodes named by {@code master-db} and {@code slave-db}.
     *
     * @throws ConfigException when a name is missing or unknown, or both name the same node
     */
    public NodePair nodes() {
        return new NodePair(master(), slave());
    }

    /** A copy with other master/slave names (null keeps the configured one). */
    public SyncfluxConfig withNodes(String master, String slave) {
        return new SyncfluxConfig(general.withNodes(master, slave), http, influxdb);
    }
}
