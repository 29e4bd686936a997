package io.syncflux.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real influxd processes outside JUnit (benchmarks, tools); closing stops them and deletes their data. */
public final class InfluxdCluster implements AutoCloseable {
    private final Path root;
    private final List<Influxd> nodes = new ArrayList<>();

    private InfluxdCluster(Path root) {
        this.root = root;
    }

    /** Starts one node per name on free loopback ports. */
    public static InfluxdCluster start(String... names) {
        try {
            InfluxdCluster c = new InfluxdCluster(Files.createTempDirectory("syncflux-cluster-"));
            for (String n : names) {
                c.nodes.add(new Influxd(n, c.root.resolve(n), null, null));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(c::close));
            c.nodes.parallelStream().forEach(Influxd::start);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The i-th node. */
    public Influxd node(int i) {
        return nodes.get(i);
    }

    @Override
    public synchronized void close() {
        nodes.forEach(Influxd::close);
        Influxd.deleteTree(root);
    }
}
