package io.syncflux.core.bench;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.testing.InfluxdCluster;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copy throughput and memory on two local influxd processes. Run with {@code scripts/bench-copy.sh}.
 *
 * <p>Two datasets over 24 h with float, integer, boolean and string fields: dense ({@code measurements x
 * series x pointsPerSeries}, default 10 x 200 x 1000 = 2 million points) and sparse (the same series
 * with {@code sparsePointsPerSeries}, default 72: three points per series per hour). For each, measures
 * the slave's raw ingest rate for the same data written straight over HTTP (the practical ceiling of any
 * copy; best of two runs), then copies it with {@link ChunkedCopier}: the default 60m chunks, 60m chunks
 * each read by its own query (as before reads were grouped), and 24h chunks; prints points/s, the ratio
 * to raw ingest in the same run, queries, and the copier's peak heap. Then a copy held to {@code
 * bench.rate} points/s (default 50,000) prints the rate it achieved, and, with {@code
 * -Dbench.launcher=<path to bin/syncflux>}, a default {@code fullcopy} through the installed launcher
 * prints its peak RSS.
 */
public final class CopyBenchmark {
    private static final String DB = "bench";

    public static void main(String[] args) throws Exception {
        int measurements = Integer.getInteger("bench.measurements", 10);
        int series = Integer.getInteger("bench.series", 200);
        int perSeries = Integer.getInteger("bench.pointsPerSeries", 1000);
        int sparsePerSeries = Integer.getInteger("bench.sparsePointsPerSeries", 72);
        int workers = Integer.getInteger("bench.workers", 4);
        int batch = Integer.getInteger("bench.batch", 20_000);
        long rateLimit = Long.getLong("bench.rate", 50_000);
        String launcher = System.getProperty("bench.launcher");
        // -Dbench.readSpan=6h: the default copies read at most this much per query (default: the copier's)
        String readSpan = System.getProperty("bench.readSpan");
        // -Dbench.only=dense: the dense copies only (for comparing settings quickly)
        boolean denseOnly = "dense".equals(System.getProperty("bench.only"));
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofHours(24));
        System.out.printf("max heap: %d MiB, workers: %d, write batch: %d points%n",
                Runtime.getRuntime().maxMemory() >> 20, workers, batch);

        try (InfluxdCluster cluster = InfluxdCluster.start("bench-master", "bench-slave");
             InfluxNode master = InfluxNode.connect(cluster.node(0).nodeConfig());
             InfluxNode slave = InfluxNode.connect(cluster.node(1).nodeConfig())) {
            List<String> summary = new ArrayList<>();
            for (String kind : denseOnly ? List.of("dense") : List.of("dense", "sparse")) {
                Generator gen = new Generator(measurements, series, kind.equals("dense") ? perSeries : sparsePerSeries,
                        start, Duration.ofHours(24));
                long total = gen.total();
                System.out.printf("%n%s dataset: %d measurements x %d series x %d points = %,d points over 24h%n",
                        kind, measurements, series, gen.perSeries, total);
                recreate(master);
                long t0 = System.nanoTime();
                writeAll(master, gen, batch, workers);
                System.out.printf("loaded master: %,d points in %.1f s%n", total, (System.nanoTime() - t0) / 1e9);

                // the ceiling: the best of two runs of the same data written straight to the slave
                double raw = 0;
                for (int run = 1; run <= 2; run++) {
                    recreate(slave);
                    long slaveCpu0 = cluster.node(1).cpuNanos();
                    t0 = System.nanoTime();
                    writeAll(slave, gen, batch, workers);
                    double rawSecs = (System.nanoTime() - t0) / 1e9;
                    raw = Math.max(raw, total / rawSecs);
                    System.out.printf("raw ingest into slave over HTTP, %d writers, run %d: %,.0f points/s, slave CPU"
                            + " %.1f s%n", workers, run, total / rawSecs, (cluster.node(1).cpuNanos() - slaveCpu0) / 1e9);
                }
                if (kind.equals("dense")) {
                    readAlone(cluster, master, measurements, workers, start, end);
                }
                for (Duration[] c : new Duration[][] {{Duration.ofHours(1), null}, {Duration.ofHours(1),
                        Duration.ofHours(1)}, {Duration.ofHours(24), null}}) {
                    String label = kind + " copy, chunk " + c[0].toHours() + "h"
                            + (c[1] == null ? (c[0].toHours() == 1 ? " (default)" : "") : ", one query per chunk");
                    recreate(slave);
                    ChunkedCopier.Builder b = copier(master, slave, start, end, workers, batch).chunk(c[0]);
                    if (c[1] != null) {
                        b.readSpan(c[1]);
                    } else if (readSpan != null) {
                        b.readSpan(io.syncflux.core.api.GoDuration.parse(readSpan));
                    }
                    double rate = measure(cluster, label, b, total, raw);
                    summary.add(String.format("%-45s %,10.0f points/s  %.2f x raw ingest (%,.0f points/s)", label, rate,
                            rate / raw, raw));
                }
            }

            if (denseOnly) {
                System.out.println();
                summary.forEach(System.out::println);
                return;
            }
            // the rate limit: two measurements of the dense data (400,000 points), held to bench.rate points/s
            Generator gen = new Generator(measurements, series, perSeries, start, Duration.ofHours(24));
            recreate(master);
            writeAll(master, gen, batch, workers);
            recreate(slave);
            CopyReport limited = copier(master, slave, start, end, workers, batch).rate(rateLimit)
                    .selection(Selection.of("^" + DB + "$", null, "^m[01]$", null, null)).build().run();
            double achieved = limited.points() / (limited.elapsed().toNanos() / 1e9);
            String line = String.format("copy at -rate %,d: %,d points in %.1f s = %,.0f points/s, %.1f %% of the limit",
                    rateLimit, limited.points(), limited.elapsed().toNanos() / 1e9, achieved, 100 * achieved / rateLimit);
            System.out.println(line);
            summary.add(line);

            recreate(slave);
            if (launcher != null) {
                summary.add(launcherRss(launcher, cluster, start, end, gen.total()));
            } else {
                copier(master, slave, start, end, workers, batch).build().run();
            }
            // the slave now holds the dense data: the content verify of two identical nodes
            summary.addAll(verifyBenchmark(master, slave, measurements, start, end, workers, gen.total()));
            System.out.println();
            System.out.println("summary (same run, same machine):");
            summary.forEach(System.out::println);
        }
    }

    private static void recreate(InfluxNode node) {
        node.execute("DROP DATABASE " + DB);
        node.execute("CREATE DATABASE " + DB);
    }

    private static ChunkedCopier.Builder copier(InfluxNode master, InfluxNode slave, Instant start, Instant end,
                                                int workers, int batch) {
        return ChunkedCopier.builder().source(master).destination(slave)
                .selection(Selection.of("^" + DB + "$", null, null, null, null))
                .window(new TimeWindow(start, end)).workers(workers).maxPointsPerWrite(batch)
                .retryDelay(Duration.ofSeconds(1));
    }

    /** Runs one copy, prints its figures and returns its points per second. */
    private static double measure(InfluxdCluster cluster, String label, ChunkedCopier.Builder b, long total,
                                  double raw) {
        System.gc();
        resetPeaks();
        AfterGc afterGc = new AfterGc();
        long cpu0 = processCpuNanos();
        long masterCpu0 = cluster.node(0).cpuNanos();
        long slaveCpu0 = cluster.node(1).cpuNanos();
        CopyReport report = b.build().run();
        afterGc.close();
        double cpuSecs = (processCpuNanos() - cpu0) / 1e9;
        double masterCpu = (cluster.node(0).cpuNanos() - masterCpu0) / 1e9;
        double slaveCpu = (cluster.node(1).cpuNanos() - slaveCpu0) / 1e9;
        double secs = report.elapsed().toNanos() / 1e9;
        double rate = report.points() / secs;
        System.out.printf("%s: %s, %,d points in %.1f s = %,.0f points/s, ratio to raw ingest %.2f, %d queries,"
                        + " peak heap used %d MiB, peak live heap after full GC %d MiB, CPU: copier %.1f s, master %.1f s,"
                        + " slave %.1f s%n",
                label, report.ok() ? "ok" : "FAILED (" + report.failures().size() + " failures)", report.points(), secs,
                rate, rate / raw, report.queries(), peakHeap() >> 20, afterGc.maxLive >> 20, cpuSecs, masterCpu, slaveCpu);
        if (!report.ok() || report.points() != total) {
            System.out.println("copy incomplete: expected " + total + " points");
            System.exit(1);
        }
        return rate;
    }

    /** The read side alone: every measurement streamed with MessagePack by the same number of workers. */
    private static void readAlone(InfluxdCluster cluster, InfluxNode master, int measurements, int workers,
                                  Instant start, Instant end) throws Exception {
        long masterCpu0 = cluster.node(0).cpuNanos();
        ExecutorService readers = Executors.newFixedThreadPool(workers);
        java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
        long t0 = System.nanoTime();
        List<Future<?>> reads = new ArrayList<>();
        for (int m = 0; m < measurements; m++) {
            String q = "SELECT * FROM \"" + DB + "\".\"autogen\".\"m" + m + "\" WHERE time >= "
                    + start.getEpochSecond() * 1_000_000_000L + " AND time < " + end.getEpochSecond() * 1_000_000_000L
                    + " GROUP BY *";
            reads.add(readers.submit(() -> master.stream(DB, q, 10_000, s -> read.addAndGet(s.rows().size()))));
        }
        for (Future<?> f : reads) {
            f.get();
        }
        readers.shutdown();
        double readSecs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("read alone from master (MessagePack, %d workers): %,d points in %.1f s = %,.0f points/s,"
                + " master CPU %.1f s%n", workers, read.get(), readSecs, read.get() / readSecs,
                (cluster.node(0).cpuNanos() - masterCpu0) / 1e9);
    }

    /**
     * A default copy (the config's 60m chunks) through the installed launcher, without JAVA_OPTS: its peak
     * resident set (VmHWM of the JVM process), sampled from /proc.
     */
    private static String launcherRss(String launcher, InfluxdCluster cluster, Instant start, Instant end,
                                      long total) throws Exception {
        java.nio.file.Path conf = java.nio.file.Files.createTempFile("bench-syncflux", ".toml");
        java.nio.file.Files.writeString(conf, "[General]\n master-db = \"" + cluster.node(0).name()
                + "\"\n slave-db = \"" + cluster.node(1).name() + "\"\n" + cluster.node(0).tomlBlock()
                + cluster.node(1).tomlBlock());
        ProcessBuilder pb = new ProcessBuilder(launcher, "-config", conf.toString(), "-action", "copy", "-db",
                "^" + DB + "$", "-start", start.toString(), "-end", end.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("JAVA_OPTS");
        long t0 = System.nanoTime();
        Process p = pb.start();
        long peakKb = 0;
        while (p.isAlive()) {
            peakKb = Math.max(peakKb, hwmKb(p.toHandle()));
            Thread.sleep(50);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        java.nio.file.Files.deleteIfExists(conf);
        String line = String.format("default copy through %s (no JAVA_OPTS): exit %d, %,d points in %.1f s ="
                + " %,.0f points/s (JVM start included), peak RSS %d MiB", launcher, p.exitValue(), total, secs,
                total / secs, peakKb >> 10);
        System.out.println(line);
        return line;
    }

    /** Peak resident set of the process or its descendants (the launcher may be a shell that starts java). */
    static long hwmKb(ProcessHandle h) {
        long max = readHwm(h.pid());
        for (ProcessHandle d : h.descendants().toList()) {
            max = Math.max(max, readHwm(d.pid()));
        }
        return max;
    }

    private static long readHwm(long pid) {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the process ended between two samples
        }
        return 0;
    }

    /**
     * The content verify of the two (now identical) nodes against the floor of any content check: reading
     * both nodes in full at once, with as many readers per node as the verify has workers. Best of two runs
     * each, interleaved, so that both see the same load on a shared machine.
     */
    private static List<String> verifyBenchmark(InfluxNode master, InfluxNode slave, int measurements,
                                                Instant start, Instant end, int workers, long total) throws Exception {
        double bestRead = Double.MAX_VALUE;
        java.util.Map<Duration, Double> bestVerify = new java.util.LinkedHashMap<>();
        for (int run = 1; run <= 2; run++) {
            long t0 = System.nanoTime();
            long read = readBoth(master, slave, measurements, start, end, workers);
            double readSecs = (System.nanoTime() - t0) / 1e9;
            bestRead = Math.min(bestRead, readSecs);
            System.out.printf("read both nodes in full, in parallel (%d readers each), run %d: %,d points in %.1f s%n",
                    workers, run, read, readSecs);
            for (Duration chunk : List.of(Duration.ofHours(24), Duration.ofHours(1))) {
                System.gc();
                resetPeaks();
                io.syncflux.core.report.VerifyReport r = io.syncflux.core.verify.Verifier.builder().master(master)
                        .slave(slave).selection(Selection.of("^" + DB + "$", null, null, null, null))
                        .window(new TimeWindow(start, end)).chunk(chunk).workers(workers).build().run();
                double secs = r.elapsed().toNanos() / 1e9;
                bestVerify.merge(chunk, secs, Math::min);
                System.out.printf("verify digest chunk=%dh, run %d: %s, %d chunks, %d series in %.1f s, peak heap used %d MiB%n",
                        chunk.toHours(), run, r.identical() ? "identical" : "DIFFERENT", r.chunksCompared(),
                        r.seriesCompared(), secs, peakHeap() >> 20);
                if (!r.identical()) {
                    System.exit(1);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (java.util.Map.Entry<Duration, Double> e : bestVerify.entrySet()) {
            String line = String.format("verify digest chunk=%dh: %,.0f points/s per node, time(read both) / time(verify)"
                    + " = %.2f (target >= 0.6)", e.getKey().toHours(), total / e.getValue(), bestRead / e.getValue());
            System.out.println(line);
            out.add(line);
        }
        return out;
    }

    private static long readBoth(InfluxNode master, InfluxNode slave, int measurements, Instant start, Instant end,
                                 int workers) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(2 * workers);
        java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (InfluxNode node : List.of(master, slave)) {
                for (int m = 0; m < measurements; m++) {
                    String q = "SELECT * FROM \"" + DB + "\".\"autogen\".\"m" + m + "\" WHERE time >= "
                            + start.getEpochSecond() * 1_000_000_000L + " AND time < "
                            + end.getEpochSecond() * 1_000_000_000L + " GROUP BY *";
                    reads.add(readers.submit(() -> node.stream(DB, q, 10_000, s -> read.addAndGet(s.rows().size()))));
                }
            }
            for (Future<?> f : reads) {
                f.get();
            }
        } finally {
            readers.shutdown();
        }
        return read.get();
    }

    private static void writeAll(InfluxNode node, Generator gen, int batch, int workers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            int batches = (int) ((gen.total() + batch - 1) / batch);
            for (int b = 0; b < batches; b++) {
                long from = (long) b * batch;
                long to = Math.min(gen.total(), from + batch);
                futures.add(pool.submit(() -> node.write(DB, "autogen", gen.lines(from, to)
                        .getBytes(StandardCharsets.UTF_8))));
                if (futures.size() >= workers * 2) {
                    futures.remove(0).get();
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Records the heap still in use right after each full collection: the live set, not garbage. */
    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());

    private static final class AfterGc implements AutoCloseable {
        volatile long maxLive;
        volatile int count;
        private final java.util.List<Runnable> removers = new java.util.ArrayList<>();

        AfterGc() {
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof javax.management.NotificationEmitter emitter) {
                    javax.management.NotificationListener l = (n, h) -> {
                        if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                            return;
                        }
                        var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                                (javax.management.openmbean.CompositeData) n.getUserData());
                        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                .filter(e -> HEAP_POOLS.contains(e.getKey()))
                                .mapToLong(e -> e.getValue().getUsed()).sum();
                        if (info.getGcAction().contains("major")) {
                            maxLive = Math.max(maxLive, used);
                            count++;
                        }
                    };
                    emitter.addNotificationListener(l, null, null);
                    removers.add(() -> {
                        try {
                            emitter.removeNotificationListener(l);
                        } catch (javax.management.ListenerNotFoundException ignored) {
                            // already gone
                        }
                    });
                }
            }
        }

        @Override
        public void close() {
            removers.forEach(Runnable::run);
        }
    }

    /** Deterministic points: point i belongs to series i % (m*s), time slot i / (m*s). */
    static final class Generator {
        final int measurements;
        final int series;
        final int perSeries;
        final long startNanos;
        final long stepNanos;

        Generator(int measurements, int series, int perSeries, Instant start, Duration span) {
            this.measurements = measurements;
            this.series = series;
            this.perSeries = perSeries;
            this.startNanos = start.getEpochSecond() * 1_000_000_000L;
            this.stepNanos = span.toNanos() / perSeries;
        }

        long total() {
            return (long) measurements * series * perSeries;
        }

        String lines(long from, long to) {
            StringBuilder sb = new StringBuilder((int) (to - from) * 110);
            int seriesCount = measurements * series;
            for (long i = from; i < to; i++) {
                int s = (int) (i % seriesCount);
                long slot = i / seriesCount;
                int m = s / series;
                int h = s % series;
                long t = startNanos + slot * stepNanos + (s * 7919L) % 1_000_000_000L;
                sb.append("m").append(m).append(",host=host").append(h).append(",region=r").append(h % 5)
                        .append(" value=").append((i % 10007) * 0.25 + 0.125)
                        .append(",count=").append(i * 31 - 1_000_000_000_000L).append('i')
                        .append(",ok=").append(i % 3 == 0)
                        .append(",state=\"s").append(i % 13).append('"')
                        .append(' ').append(t).append('\n');
            }
            return sb.toString();
        }
    }
}
