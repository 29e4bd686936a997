package io.syncflux.core.bench;

import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.testing.InfluxdCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.syncflux.core.testing.Fixtures.nanos;

/**
 * Cost at high cardinality, through the installed launcher with its own JVM defaults (no {@code JAVA_OPTS}),
 * on two local influxd processes with Debian's default config. Run with {@code scripts/bench-cardinality.sh}.
 *
 * <p>For each size in {@code bench.sizes} (series; default {@code 300000,1000000}) it starts two fresh
 * nodes and spreads the series over measurements of at most 85,000 series each, so that no tag has more
 * than the server's default {@code max-values-per-tag} (100,000) values: 4 x 75,000 for 300,000 series, 12
 * x 83,333 for 1,000,000. Each series has {@code bench.pointsPerSeries} points (default 4) over the last 2 h,
 * with a float, an integer, a boolean and a string field (the copy benchmark's data). Then, timing each
 * phase:
 * <ol>
 * <li>raw ingest: the data written straight into the master over HTTP (4 writers, 20,000-point batches);
 * <li>{@code fullcopy} master to slave, then a check that both hold the same number of values (a
 * server-side {@code COUNT(*)} per measurement, summed) and as many as were written;
 * <li>{@code verify}: must say identical and exit 0;
 * <li>{@code bench.changedPercent} (default 1) of the series changed on the slave, half with one value
 * rewritten, half with one point deleted; {@code verify} must exit 1 and report exactly those series;
 * <li>{@code verify -repair}: must exit 0; then a last {@code verify} must say identical, and the values
 * are counted again on both nodes.
 * </ol>
 * For each phase it prints the wall time (JVM start included), points/s (the points of the window, per
 * node), the ratio to raw ingest, the launcher's peak RSS (VmHWM of its process tree), the launcher's CPU
 * time (user + system, from {@code /proc}) per million points, and each influxd's RSS at the start of the
 * phase, its peak (VmRSS sampled every 100 ms) and the CPU it spent. At the end: a table of every phase,
 * and the targets of the scale work: time growth from one size to the next at most the series ratio
 * + 10 %, verify at most 1.2 x the copy's time, peak RSS at most 160 MiB.
 *
 * <p>The launcher's config names the two nodes with {@code timeout = "10s"}, as the sample config does;
 * {@code -Dbench.nodeTimeout=60s} gives the nodes more time to answer on a loaded machine.
 *
 * <p>Exit status 1 when a phase failed or the data was not exact; missed targets are printed but do not
 * change the exit status. Each launcher run's output is kept in {@code bench.logs} (default {@code
 * target/bench-cardinality}).
 */
public final class CardinalityBenchmark {
    private static final String DB = "bench";
    /** Series per measurement at most: one tag value per series, under max-values-per-tag (100,000). */
    private static final int MAX_SERIES_PER_MEASUREMENT = 85_000;
    private static final int WRITERS = 4;
    private static final int BATCH = 20_000;
    private static final double RSS_TARGET_MIB = 160;
    private static final double GROWTH_SLACK = 1.10;
    private static final double VERIFY_TO_COPY_TARGET = 1.2;
    /** bash runs the launcher, then records its own /proc stat, whose cutime/cstime now hold the launcher's CPU. */
    private static final String WRAPPER = "f=$1; shift; \"$@\"; rc=$?; read -r s < /proc/$$/stat; "
            + "printf '%s\\n' \"$s\" > \"$f\"; exit $rc";

    private static final String INGEST = "raw ingest";
    private static final String COPY = "fullcopy";
    private static final String VERIFY = "verify";
    private static final String VERIFY_CHANGED = "verify, 1 % changed";
    private static final String REPAIR = "verify -repair";
    private static final String VERIFY_AFTER = "verify after repair";
    private static final List<String> PHASES = List.of(INGEST, COPY, VERIFY, VERIFY_CHANGED, REPAIR, VERIFY_AFTER);

    /** One measured phase. Memory in KiB, CPU in seconds; launcher figures are -1 for the raw ingest. */
    record Phase(String name, int exit, double secs, long points, long launcherHwmKb, double launcherCpu,
                 long masterStartKb, long masterPeakKb, double masterCpu, long slaveStartKb, long slavePeakKb,
                 double slaveCpu, boolean ok, String note, Path log, String load) {
        double rate() {
            return points / secs;
        }

        /** CPU of the launcher (if any) and both nodes. */
        double totalCpu() {
            return Math.max(0, launcherCpu) + masterCpu + slaveCpu;
        }
    }

    /** The phases of one size. */
    record SizeRun(int series, int measurements, int perMeasurement, long points, List<Phase> phases) {
        Phase phase(String name) {
            return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        }

        double raw() {
            Phase p = phase(INGEST);
            return p == null ? Double.NaN : p.rate();
        }
    }

    private final String launcher;
    private final int perSeries;
    private final double changedPercent;
    private final Path logs;
    private final long timeoutMinutes;
    private final String nodeTimeout;
    private final List<String> problems = new ArrayList<>();

    private CardinalityBenchmark(String launcher, int perSeries, double changedPercent, Path logs, long timeoutMinutes,
                                 String nodeTimeout) {
        this.nodeTimeout = nodeTimeout;
        this.launcher = launcher;
        this.perSeries = perSeries;
        this.changedPercent = changedPercent;
        this.logs = logs;
        this.timeoutMinutes = timeoutMinutes;
    }

    public static void main(String[] args) throws Exception {
        String launcher = System.getProperty("bench.launcher");
        if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
            System.err.println("bench.launcher must name the installed bin/syncflux (scripts/bench-cardinality.sh sets it)");
            System.exit(2);
        }
        List<Integer> sizes = new ArrayList<>();
        for (String s : System.getProperty("bench.sizes", "300000,1000000").split(",")) {
            sizes.add(Integer.parseInt(s.trim().replace("_", "")));
        }
        sizes.sort(Integer::compare);
        CardinalityBenchmark b = new CardinalityBenchmark(launcher, Integer.getInteger("bench.pointsPerSeries", 4),
                Double.parseDouble(System.getProperty("bench.changedPercent", "1")),
                Path.of(System.getProperty("bench.logs", "target/bench-cardinality")),
                Long.getLong("bench.timeoutMinutes", 60), System.getProperty("bench.nodeTimeout", "10s"));
        Files.createDirectories(b.logs);
        System.out.printf(Locale.ROOT, "launcher: %s (no JAVA_OPTS)%nsizes: %s series, %d points per series over 2 h,"
                + " %s %% of the series changed before the repair, node timeout %s%ncores: %d, load average at start: %s%n",
                launcher, sizes, b.perSeries, fmt(b.changedPercent), b.nodeTimeout, Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim());
        List<SizeRun> runs = new ArrayList<>();
        for (int size : sizes) {
            runs.add(b.run(size));
        }
        b.summary(runs);
        if (!b.problems.isEmpty()) {
            System.out.println();
            System.out.println("FAILED:");
            b.problems.forEach(p -> System.out.println("  " + p));
            System.exit(1);
        }
    }

    private SizeRun run(int size) throws Exception {
        int measurements = (size + MAX_SERIES_PER_MEASUREMENT - 1) / MAX_SERIES_PER_MEASUREMENT;
        int perMeasurement = size / measurements;
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofHours(2));
        CopyBenchmark.Generator gen = new CopyBenchmark.Generator(measurements, perMeasurement, perSeries, start,
                Duration.ofHours(2));
        int series = measurements * perMeasurement;
        long points = gen.total();
        long values = points * 4;
        System.out.printf(Locale.ROOT, "%n== %,d series: %d measurements x %,d series x %d points = %,d points"
                        + " (%,d values) in [%s, %s)%n", series, measurements, perMeasurement, perSeries, points, values,
                start, end);
        List<Phase> phases = new ArrayList<>();
        String label = String.format(Locale.ROOT, "%,d series", series);
        try (InfluxdCluster cluster = InfluxdCluster.start("card-master", "card-slave");
             // the benchmark's own loading, changes and counts are not what is measured: plenty of time for them
             InfluxNode master = InfluxNode.connect(cluster.node(0).nodeConfig().withTimeout(Duration.ofMinutes(5)));
             InfluxNode slave = InfluxNode.connect(cluster.node(1).nodeConfig().withTimeout(Duration.ofMinutes(5)))) {
            Path conf = logs.resolve("syncflux-" + series + ".toml");
            Files.writeString(conf, "[General]\n master-db = \"" + cluster.node(0).name() + "\"\n slave-db = \""
                    + cluster.node(1).name() + "\"\n" + (cluster.node(0).tomlBlock() + cluster.node(1).tomlBlock())
                    .replace("timeout = \"10s\"", "timeout = \"" + nodeTimeout + "\""));
            String[] window = {"-db", "^" + DB + "$", "-start", start.toString(), "-end", end.toString()};

            master.execute("CREATE DATABASE " + DB);
            Phase ingest = ingest(cluster, master, gen);
            phases.add(print(ingest, ingest.rate()));
            double raw = ingest.rate();

            Phase copy = launch(COPY, cluster, conf, series, points, concat(new String[] {"-action", "fullcopy"}, window));
            String total = firstLine(copy, "TOTAL");
            String copyNote = total == null ? "no TOTAL line" : total.replaceAll("\\s{2,}", " | ");
            boolean copyOk = copy.exit() == 0;
            if (total != null) {
                String[] cells = total.trim().split("\\s{2,}");
                long reported = Long.parseLong(cells[1]);
                if (reported != points) {
                    copyNote += String.format(Locale.ROOT, " -- reports %,d points copied for %,d points", reported, points);
                }
            }
            copy = with(copy, copyOk, copyNote);
            phases.add(print(copy, raw));
            check(copyOk, label + ": fullcopy exit " + copy.exit() + " (" + copy.log() + ")");
            checkValues(label + " after fullcopy", master, slave, start, end, values);

            Phase verify = launch(VERIFY, cluster, conf, series, points, concat(new String[] {"-action", "verify"}, window));
            boolean verifyOk = verify.exit() == 0 && firstLine(verify, "identical: 0 differing chunks") != null;
            phases.add(print(with(verify, verifyOk, summaryOf(verify)), raw));
            check(verifyOk, label + ": verify of identical nodes: exit " + verify.exit() + ", " + summaryOf(verify));

            int changed = changeSlave(slave, gen);
            System.out.printf(Locale.ROOT, "  changed %,d series on the slave (%,d with one value rewritten, %,d with"
                    + " one point deleted)%n", changed, (changed + 1) / 2, changed / 2);
            Phase differ = launch(VERIFY_CHANGED, cluster, conf, series, points,
                    concat(new String[] {"-action", "verify"}, window));
            Matcher m = Pattern.compile("(\\d+) series differ").matcher(String.join("\n", output(differ)));
            long found = m.find() ? Long.parseLong(m.group(1)) : -1;
            boolean differOk = differ.exit() == 1 && found == changed;
            phases.add(print(with(differ, differOk, String.format(Locale.ROOT, "%,d of %,d changed series found",
                    found, changed)), raw));
            check(differOk, label + ": verify after changing " + changed + " series: exit " + differ.exit() + ", "
                    + found + " series reported as differing");

            Phase repair = launch(REPAIR, cluster, conf, series, points,
                    concat(new String[] {"-action", "verify", "-repair"}, window));
            String wrote = firstLine(repair, "repair wrote");
            boolean repairOk = repair.exit() == 0 && firstLine(repair, "repaired: the nodes now hold the same data") != null;
            phases.add(print(with(repair, repairOk, wrote == null ? summaryOf(repair) : wrote.trim()), raw));
            check(repairOk, label + ": verify -repair: exit " + repair.exit() + ", " + summaryOf(repair));

            Phase after = launch(VERIFY_AFTER, cluster, conf, series, points,
                    concat(new String[] {"-action", "verify"}, window));
            boolean afterOk = after.exit() == 0 && firstLine(after, "identical: 0 differing chunks") != null;
            phases.add(print(with(after, afterOk, summaryOf(after)), raw));
            check(afterOk, label + ": verify after the repair: exit " + after.exit() + ", " + summaryOf(after));
            checkValues(label + " after the repair", master, slave, start, end, values);
        }
        return new SizeRun(series, measurements, perMeasurement, points, phases);
    }

    /** The data written straight into the master: the ceiling of any copy on this machine. */
    private Phase ingest(InfluxdCluster cluster, InfluxNode master, CopyBenchmark.Generator gen) throws Exception {
        Sampler sampler = new Sampler(cluster);
        double mCpu0 = cluster.node(0).cpuNanos() / 1e9;
        double sCpu0 = cluster.node(1).cpuNanos() / 1e9;
        long t0 = System.nanoTime();
        AtomicLong retries = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            long batches = (gen.total() + BATCH - 1) / BATCH;
            for (long b = 0; b < batches; b++) {
                long from = b * BATCH;
                long to = Math.min(gen.total(), from + BATCH);
                futures.add(pool.submit(() -> {
                    byte[] body = gen.lines(from, to).getBytes(StandardCharsets.UTF_8);
                    for (int attempt = 1; ; attempt++) {
                        try {
                            master.write(DB, "autogen", body);
                            return null;
                        } catch (RuntimeException e) {
                            // a loaded influxd answers "HTTP 500: timeout" (its write-timeout, 10 s) to a batch of
                            // new series; the same points again are harmless
                            if (attempt == 5) {
                                throw e;
                            }
                            retries.incrementAndGet();
                            Thread.sleep(1000);
                        }
                    }
                }));
                if (futures.size() >= WRITERS * 2) {
                    futures.remove(0).get();
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        sampler.close();
        return new Phase(INGEST, 0, secs, gen.total(), -1, -1, sampler.masterStartKb, sampler.masterPeakKb,
                cluster.node(0).cpuNanos() / 1e9 - mCpu0, sampler.slaveStartKb, sampler.slavePeakKb,
                cluster.node(1).cpuNanos() / 1e9 - sCpu0, true, String.format(Locale.ROOT,
                "%d writers, %,d-point batches, into the master, %d batch(es) written again after an error", WRITERS,
                BATCH, retries.get()), null, loadAverage());
    }

    /** Runs the installed launcher (no JAVA_OPTS) and measures it and both nodes while it runs. */
    private Phase launch(String name, InfluxdCluster cluster, Path conf, int series, long points, String... args)
            throws Exception {
        Path stat = Files.createTempFile("bench-card-stat", ".txt");
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", WRAPPER, "bash", stat.toString(), launcher,
                "-config", conf.toString()));
        cmd.addAll(Arrays.asList(args));
        Path log = logs.resolve(series + "-" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("JAVA_OPTS");
        double mCpu0 = cluster.node(0).cpuNanos() / 1e9;
        double sCpu0 = cluster.node(1).cpuNanos() / 1e9;
        Sampler sampler = new Sampler(cluster);
        long t0 = System.nanoTime();
        Process p = pb.start();
        sampler.watch(p.toHandle());
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            problems.add(name + " at " + series + " series: still running after " + timeoutMinutes + " min, killed");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        sampler.close();
        double cpu = -1;
        String s = Files.readString(stat).trim();
        Files.deleteIfExists(stat);
        if (!s.isEmpty()) {
            // after the command name in parentheses: state is field 0, cutime 13, cstime 14 (clock ticks of 10 ms)
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            cpu = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
        }
        return new Phase(name, p.exitValue(), secs, points, sampler.launcherHwmKb, cpu, sampler.masterStartKb,
                sampler.masterPeakKb, cluster.node(0).cpuNanos() / 1e9 - mCpu0, sampler.slaveStartKb,
                sampler.slavePeakKb, cluster.node(1).cpuNanos() / 1e9 - sCpu0, true, "", log, loadAverage());
    }

    /**
     * Changes {@code changedPercent} of the series on the slave, one point each, spread over the window:
     * every other one gets its float value rewritten at the same timestamp, the others lose that point.
     *
     * @return the number of series changed
     */
    private int changeSlave(InfluxNode slave, CopyBenchmark.Generator gen) {
        int seriesCount = gen.measurements * gen.series;
        int step = Math.max(1, (int) Math.round(100 / changedPercent));
        StringBuilder lines = new StringBuilder();
        Map<String, List<String>> deletes = new LinkedHashMap<>();
        int changed = 0;
        for (int s = 0; s < seriesCount; s += step, changed++) {
            int m = s / gen.series;
            int h = s % gen.series;
            long slot = (changed / 2) % gen.perSeries;
            if (changed % 2 == 0) {
                long i = slot * seriesCount + s;
                long t = gen.startNanos + slot * gen.stepNanos + (s * 7919L) % 1_000_000_000L;
                lines.append("m").append(m).append(",host=host").append(h).append(",region=r").append(h % 5)
                        .append(" value=").append((i % 10007) * 0.25 + 0.125 + 1000).append(' ').append(t).append('\n');
                if (lines.length() > 1 << 20) {
                    slave.write(DB, "autogen", lines.toString());
                    lines.setLength(0);
                }
            } else {
                deletes.computeIfAbsent(m + " " + slot, k -> new ArrayList<>()).add("host" + h);
            }
        }
        if (lines.length() > 0) {
            slave.write(DB, "autogen", lines.toString());
        }
        for (Map.Entry<String, List<String>> e : deletes.entrySet()) {
            String[] k = e.getKey().split(" ");
            // every point of a slot lies in its first second (the generator's offsets are below 1 s)
            long from = gen.startNanos + Long.parseLong(k[1]) * gen.stepNanos;
            List<String> hosts = e.getValue();
            for (int i = 0; i < hosts.size(); i += 500) {
                slave.query(DB, "DELETE FROM \"m" + k[0] + "\" WHERE \"host\" =~ /^(" + String.join("|",
                        hosts.subList(i, Math.min(hosts.size(), i + 500))) + ")$/ AND time >= " + from
                        + " AND time < " + (from + 1_000_000_000L), x -> {
                });
            }
        }
        return changed;
    }

    /** Both nodes hold the expected number of values (COUNT(*) per measurement, summed). */
    private void checkValues(String when, InfluxNode master, InfluxNode slave, Instant start, Instant end,
                             long expected) {
        long onMaster = values(master, start, end);
        long onSlave = values(slave, start, end);
        boolean ok = onMaster == expected && onSlave == expected;
        System.out.printf(Locale.ROOT, "  values %s: master %,d, slave %,d, written %,d: %s%n", when, onMaster,
                onSlave, expected, ok ? "exact" : "NOT EXACT");
        check(ok, "values " + when + ": master " + onMaster + ", slave " + onSlave + ", written " + expected);
    }

    private static long values(InfluxNode node, Instant start, Instant end) {
        AtomicLong sum = new AtomicLong();
        node.query(DB, "SELECT COUNT(*) FROM \"" + DB + "\".\"autogen\"./.*/ WHERE time >= " + nanos(start)
                + " AND time < " + nanos(end), s -> {
            for (Object[] row : s.rows()) {
                for (int i = 1; i < row.length; i++) {
                    if (row[i] instanceof Number n) {
                        sum.addAndGet(n.longValue());
                    }
                }
            }
        });
        return sum.get();
    }

    private void summary(List<SizeRun> runs) {
        System.out.println();
        System.out.println("summary (launcher: peak RSS of its process tree, CPU per million points of the window;"
                + " influxd: RSS at the phase's start -> peak during it, CPU; load: 1-minute load average at the"
                + " phase's end):");
        System.out.println();
        System.out.println("| series | phase | exit | wall s | points/s | x raw ingest | launcher peak RSS MiB"
                + " | launcher CPU s / M points | master RSS MiB | master CPU s | slave RSS MiB | slave CPU s | load |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (SizeRun r : runs) {
            for (Phase p : r.phases()) {
                // a phase that failed did not do its work: no rate for it
                System.out.printf(Locale.ROOT, "| %,d | %s | %s | %.1f | %s | %s | %s | %s | %,d -> %,d | %.1f"
                                + " | %,d -> %,d | %.1f | %s |%n", r.series(), p.name(),
                        p.name().equals(INGEST) ? "-" : p.exit() + (p.ok() ? "" : " FAILED"), p.secs(),
                        p.ok() ? String.format(Locale.ROOT, "%,.0f", p.rate()) : "-",
                        p.ok() ? String.format(Locale.ROOT, "%.2f", p.rate() / r.raw()) : "-",
                        p.launcherHwmKb() < 0 ? "-" : Long.toString(p.launcherHwmKb() >> 10),
                        p.launcherCpu() < 0 || !p.ok() ? "-"
                                : String.format(Locale.ROOT, "%.2f", p.launcherCpu() * 1e6 / p.points()),
                        p.masterStartKb() >> 10, p.masterPeakKb() >> 10, p.masterCpu(), p.slaveStartKb() >> 10,
                        p.slavePeakKb() >> 10, p.slaveCpu(), p.load());
            }
        }
        System.out.println();
        System.out.println("targets:");
        for (int i = 1; i < runs.size(); i++) {
            SizeRun a = runs.get(i - 1);
            SizeRun b = runs.get(i);
            double seriesRatio = (double) b.series() / a.series();
            System.out.printf(Locale.ROOT, "  growth %,d -> %,d series (x %.2f series, x %.2f points): time ratio per"
                    + " phase, target at most x %.2f%n", a.series(), b.series(), seriesRatio,
                    (double) b.points() / a.points(), seriesRatio * GROWTH_SLACK);
            for (String name : PHASES) {
                Phase pa = a.phase(name);
                Phase pb = b.phase(name);
                if (pa == null || pb == null) {
                    continue;
                }
                double t = pb.secs() / pa.secs();
                double c = pb.totalCpu() / pa.totalCpu();
                System.out.printf(Locale.ROOT, "    %-22s %.1f s -> %.1f s: x %.2f = %.2f x linear  %-6s (CPU of all three"
                                + " processes: %.1f s -> %.1f s: x %.2f = %.2f x linear)%n", name, pa.secs(), pb.secs(), t,
                        t / seriesRatio, name.equals(INGEST) ? "(ref.)" : !(pa.ok() && pb.ok()) ? "FAILED"
                                : t <= seriesRatio * GROWTH_SLACK ? "met" : "MISSED",
                        pa.totalCpu(), pb.totalCpu(), c, c / seriesRatio);
            }
        }
        for (SizeRun r : runs) {
            Phase copy = r.phase(COPY);
            Phase verify = r.phase(VERIFY);
            if (copy != null && verify != null && !(copy.ok() && verify.ok())) {
                System.out.printf(Locale.ROOT, "  %,d series: time(verify) / time(fullcopy): not measured, %s failed%n",
                        r.series(), copy.ok() ? "verify" : "fullcopy");
            } else if (copy != null && verify != null) {
                double q = verify.secs() / copy.secs();
                System.out.printf(Locale.ROOT, "  %,d series: time(verify) / time(fullcopy) = %.1f / %.1f = %.2f,"
                        + " target at most %.1f  %s%n", r.series(), verify.secs(), copy.secs(), q, VERIFY_TO_COPY_TARGET,
                        q <= VERIFY_TO_COPY_TARGET ? "met" : "MISSED");
            }
            Phase peak = r.phases().stream().filter(p -> p.launcherHwmKb() >= 0)
                    .max((x, y) -> Long.compare(x.launcherHwmKb(), y.launcherHwmKb())).orElse(null);
            if (peak != null) {
                System.out.printf(Locale.ROOT, "  %,d series: launcher peak RSS %d MiB (%s), target at most %.0f MiB"
                        + "  %s%n", r.series(), peak.launcherHwmKb() >> 10, peak.name(), RSS_TARGET_MIB,
                        (peak.launcherHwmKb() >> 10) <= RSS_TARGET_MIB ? "met" : "MISSED");
            }
            if (copy != null && copy.note().contains("reports")) {
                System.out.printf(Locale.ROOT, "  %,d series: the copy's report counts each point once  MISSED (%s)%n",
                        r.series(), copy.note().substring(copy.note().indexOf("reports")));
            }
        }
    }

    private static Phase print(Phase p, double raw) {
        System.out.printf(Locale.ROOT, "  %-22s %s%7.1f s %,9.0f points/s %5.2f x raw", p.name(),
                p.name().equals(INGEST) ? "       " : String.format(Locale.ROOT, "exit %d ", p.exit()), p.secs(),
                p.rate(), p.rate() / raw);
        if (p.launcherHwmKb() >= 0) {
            System.out.printf(Locale.ROOT, " | launcher: peak RSS %d MiB, CPU %.1f s = %.2f s per M points",
                    p.launcherHwmKb() >> 10, p.launcherCpu(), p.launcherCpu() * 1e6 / p.points());
        }
        System.out.printf(Locale.ROOT, " | master: RSS %,d -> peak %,d MiB, CPU %.1f s | slave: RSS %,d -> peak %,d"
                        + " MiB, CPU %.1f s | load %s%s%n", p.masterStartKb() >> 10, p.masterPeakKb() >> 10, p.masterCpu(),
                p.slaveStartKb() >> 10, p.slavePeakKb() >> 10, p.slaveCpu(), p.load(), p.ok() ? "" : "  FAILED");
        if (!p.note().isEmpty()) {
            System.out.println("      " + p.note());
        }
        return p;
    }

    private void check(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static Phase with(Phase p, boolean ok, String note) {
        return new Phase(p.name(), p.exit(), p.secs(), p.points(), p.launcherHwmKb(), p.launcherCpu(),
                p.masterStartKb(), p.masterPeakKb(), p.masterCpu(), p.slaveStartKb(), p.slavePeakKb(), p.slaveCpu(),
                ok, note, p.log(), p.load());
    }

    private static List<String> output(Phase p) {
        try {
            return Files.readAllLines(p.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(Phase p, String containing) {
        return output(p).stream().filter(l -> l.contains(containing)).findFirst().orElse(null);
    }

    /** The last few meaningful lines of a verify's output: its verdict, or why it failed. */
    private static String summaryOf(Phase p) {
        List<String> out = output(p);
        List<String> keep = out.stream().filter(l -> l.startsWith("verified") || l.startsWith("identical")
                || l.contains("series differ") || l.contains("Error") || l.contains("error") || l.contains("failed")
                || l.startsWith("repaired")).limit(4).toList();
        if (keep.isEmpty()) {
            keep = out.subList(Math.max(0, out.size() - 3), out.size());
        }
        return String.join(" / ", keep).replaceAll("\\s+", " ");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The 1-minute load average: how much else the machine was doing. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * Samples, every 100 ms until closed: each influxd's VmRSS (VmHWM would keep the peak of earlier phases)
     * and the peak VmHWM of a watched process tree.
     */
    private static final class Sampler implements AutoCloseable {
        private final long masterPid;
        private final long slavePid;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile ProcessHandle watched;
        final long masterStartKb;
        final long slaveStartKb;
        volatile long masterPeakKb;
        volatile long slavePeakKb;
        volatile long launcherHwmKb;

        Sampler(InfluxdCluster cluster) {
            masterPid = cluster.node(0).pid();
            slavePid = cluster.node(1).pid();
            masterStartKb = statusKb(masterPid, "VmRSS:");
            slaveStartKb = statusKb(slavePid, "VmRSS:");
            masterPeakKb = masterStartKb;
            slavePeakKb = slaveStartKb;
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void watch(ProcessHandle h) {
            watched = h;
        }

        private synchronized void sample() {
            masterPeakKb = Math.max(masterPeakKb, statusKb(masterPid, "VmRSS:"));
            slavePeakKb = Math.max(slavePeakKb, statusKb(slavePid, "VmRSS:"));
            ProcessHandle h = watched;
            if (h != null) {
                launcherHwmKb = Math.max(launcherHwmKb, CopyBenchmark.hwmKb(h));
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
            sample();
        }

        static long statusKb(long pid, String key) {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (l.startsWith(key)) {
                        return Long.parseLong(l.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended between two samples
            }
            return 0;
        }
    }
}
