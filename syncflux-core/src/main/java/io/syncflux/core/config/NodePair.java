package io.syncflux.core.config;

import java.util.Objects;

/**
 * The two nodes SyncFlux keeps in sync: the master, which every write reaches first and copies read from,
 * and the slave, which is copied to. They are two different nodes. Get the configured pair with
 * {@link SyncfluxConfig#nodes()}.
 *
 * @param master the master node
 * @param slave  the slave node, another node than the master
 */
public record NodePair(NodeConfig master, NodeConfig slave) {

    /**
     * Checks that there are two different nodes.
     *
     * @throws NullPointerException when a node is missing
     * @throws ConfigException      {@code master and slave are the same node "x"} when both have the same name
     */
    public NodePair {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(slave, "slave");
        if (master.name().equals(slave.name())) {
            throw new ConfigException("master and slave are the same node \"" + master.name() + "\"");
        }
    }
}
