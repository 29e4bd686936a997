package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.influx.Utf8b;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential round trip through real servers: random measurement names, tag keys and values, field
 * keys and string values built from quotes, backslashes, {@code #}, {@code =}, commas, spaces,
 * newlines, tabs, multi-byte UTF-8 and bytes that are not UTF-8 are written to a master as raw line
 * protocol (escaped as a client would), plus what only {@code SELECT ... INTO} can create (a
 * measurement named {@code #m}). Whatever the master then holds is the truth: the copy must make the
 * slave hold exactly the same points, byte for byte, except for points the copy reports as not
 * copyable, and those must be exactly the missing ones. Set {@code -Droundtrip.seed=N} to replay a
 * seed; the seed is in every assertion message.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LineProtocolRoundTripIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");
    private static final Pattern NOT_WRITTEN = Pattern.compile("^(\\d+) points? cannot be written in line protocol");

    /** Pieces of names and values, as bytes: ASCII specials, valid UTF-8, and sequences that are not UTF-8. */
    private static final byte[][] PIECES = {
            b("a"), b("b"), b("z"), b("#"), b("="), b(","), b(" "), b("\""), b("\\"), b("\n"), b("\t"), b("'"),
            b("é"), b("日"), b("\uD83D\uDE00"), b("\uFFFD"),
            // from here on not UTF-8
            {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC3},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}};

    /** The first pieces, up to U+FFFD, are valid UTF-8. */
    private static final int VALID_PIECES = 16;

    static InfluxNode master;
    static InfluxNode slave;

    @BeforeAll
    static void nodes() {
        master = InfluxNode.connect(INFLUX.node(0).nodeConfig());
        slave = InfluxNode.connect(INFLUX.node(1).nodeConfig());
    }

    @AfterAll
    static void close() {
        master.close();
        slave.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whatTheMasterStoresArrivesByteForByteOrIsReportedAsNotCopyable() {
        long seed = Long.getLong("roundtrip.seed", new Random().nextLong());
        String at = "seed " + seed + " (replay with -Droundtrip.seed=" + seed + ")";
        Random r = new Random(seed);
        INFLUX.node(0).query("CREATE DATABASE rt");
        INFLUX.node(1).query("CREATE DATABASE rt");
        Instant w0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        long t0 = w0.getEpochSecond() * 1_000_000_000L;

        // influxd 1.6.7 (Debian) answers 500 to the write that creates a shard when that write brings a
        // name that is not UTF-8 (its field index cannot be saved); the next write goes through
        INFLUX.node(0).write("rt", null, "plain v=\"x\" " + t0);
        int points = 400;
        List<Written> written = new ArrayList<>();
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < points; i++) {
            long t = t0 + 1_000_000L * i + r.nextInt(1000);
            written.add(writeLine(batch, r, t));
            if (batch.size() > 8_000 || i == points - 1) {
                writeLeniently(batch.toByteArray());
                batch.reset();
            }
        }
        // names only SELECT ... INTO creates: a measurement line protocol reads as a comment, one whose
        // leading tab it drops, a field key with a backslash before '=' (read as an escape)
        String from = " FROM \"rt\".\"autogen\".\"plain\"";
        INFLUX.node(0).query("rt", "SELECT \"v\" INTO \"rt\".\"autogen\".\"#m\"" + from);
        INFLUX.node(0).query("rt", "SELECT \"v\" INTO \"rt\".\"autogen\".\"\tm\"" + from);
        INFLUX.node(0).query("rt", "SELECT \"v\" AS \"a\\\\=b\", \"v\" AS \"ok\" INTO \"rt\".\"autogen\".\"into\"" + from);
        // always some of what the server takes but cannot give back or keep: a tag key that is not
        // UTF-8 next to another series (GROUP BY * mixes them up), a field key that is not UTF-8 (the
        // shard reads empty after a restart)
        ByteArrayOutputStream fixed = new ByteArrayOutputStream();
        fixed.writeBytes(b("tk,zz=z v=\"1\" " + (t0 + 1) + "\ntk,zb"));
        fixed.write(0x80);
        fixed.writeBytes(b("=z v=\"2\" " + (t0 + 2) + "\nfk g"));
        fixed.write(0xFF);
        fixed.writeBytes(b("=\"3\" " + (t0 + 3) + "\n"));
        master.write("rt", "autogen", fixed.toByteArray());
        List<String> onMaster = DataDump.of(master, "rt");
        assertThat(onMaster).as(at).hasSizeGreaterThan(points / 4).anyMatch(l -> l.contains("\\x"))
                .anyMatch(l -> l.contains("|#m|")).anyMatch(l -> l.contains("|\\tm|"))
                .anyMatch(l -> l.contains("|into||") && l.contains("a\\\\\\=b=str:x"));

        // up to past now: a random line can open a quoted string that swallows the next lines and ends
        // without a timestamp, and the server stores that point at its own now (seed -8567292502566051170)
        CopyReport report = ChunkedCopier.builder().source(master).destination(slave).retryDelay(Duration.ZERO)
                .maxRetries(1).window(new TimeWindow(w0, Instant.now().plus(Duration.ofMinutes(10))))
                .chunk(Duration.ofHours(1))
                .build().run();
        List<String> onSlave = DataDump.of(slave, "rt");
        System.out.printf("%s: master %d points (%d with a backslash in a name or value, %d with a newline, %d with bytes"
                        + " not UTF-8), slave %d, %d failure(s)%n", at, onMaster.size(),
                onMaster.stream().filter(l -> l.contains("\\\\")).count(),
                onMaster.stream().filter(l -> l.contains("\\n")).count(),
                onMaster.stream().filter(l -> l.contains("\\x")).count(), onSlave.size(), report.failures().size());

        // nothing arrives that the master does not hold, and nothing twice
        assertThat(onMaster).as(at).containsAll(onSlave);
        assertThat(new HashSet<>(onSlave)).as(at).hasSize(onSlave.size());
        // everything missing is reported, in measurements named by the failures, with its count
        List<String> missing = new ArrayList<>(onMaster);
        missing.removeAll(onSlave);
        long reported = 0;
        Set<String> reasons = new HashSet<>();
        for (CopyFailure f : report.failures()) {
            Matcher m = NOT_WRITTEN.matcher(f.error());
            assertThat(m.find()).as(at + ": only not-copyable points may fail: " + f.describe()).isTrue();
            reported += Long.parseLong(m.group(1));
            reasons.add(f.error());
        }
        assertThat(reported).as(at + ": points reported as not copyable vs points missing " + missing + "\n"
                + reasons).isEqualTo(missing.size());
        for (String line : missing) {
            String measurement = line.split("(?<!\\\\)\\|", 3)[1];
            assertThat(report.failures()).as(at + ": a failure names the measurement of " + line)
                    .anyMatch(f -> DataDump.esc(f.measurement()).equals(measurement));
        }
        assertThat(missing).as(at).anyMatch(l -> l.contains("|#m|")).anyMatch(l -> l.contains("|\\tm|"))
                .anyMatch(l -> l.contains("|into||")).anyMatch(l -> l.contains("|tk|"))
                .anyMatch(l -> l.contains("|fk||"));
        assertThat(report.ok()).as(at).isFalse();
        assertThat(onSlave).as(at).anyMatch(l -> l.contains("\\x")).hasSizeGreaterThan(onMaster.size() / 4);

        // the slave keeps it all across a restart (a name it cannot persist would empty the shard)
        INFLUX.node(1).stop();
        INFLUX.node(1).start();
        try (InfluxNode restarted = InfluxNode.connect(INFLUX.node(1).nodeConfig())) {
            assertThat(DataDump.of(restarted, "rt")).as(at + ": the slave after a restart")
                    .containsExactlyElementsOf(onSlave);
            // the slave keys each series as the master does: a name written with other escapes reads back
            // the same but makes another raw series key, and then a DELETE of one point loses the series.
            // Checked on the slave alone: influxd 1.6.7 itself loses other points of a measurement on the
            // node whose shard also holds names that are not UTF-8 (the master, seeds -4411381727329556809
            // and 3554167445129777699), whatever the copy did
            Set<String> deleted = deleteOnePointOfEachMeasurement(written, restarted);
            List<String> expected = onSlave.stream().filter(l -> !deleted.contains(measurementAndTime(l))).toList();
            assertThat(expected).as(at + ": points deleted on the slave").hasSizeLessThan(onSlave.size());
            assertThat(DataDump.of(restarted, "rt")).as(at + ": the slave after its deletes")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /**
     * Deletes on the node, for each measurement written with a UTF-8 name, the points at the time of its
     * first written point.
     *
     * @return what was deleted, as {@link #measurementAndTime} keys
     */
    private static Set<String> deleteOnePointOfEachMeasurement(List<Written> written, InfluxNode node) {
        Set<String> deleted = new HashSet<>();
        Set<String> measurements = new HashSet<>();
        for (Written p : written) {
            if (!Utf8b.hasEscapes(p.measurement()) && measurements.add(p.measurement())) {
                node.query("rt", "DELETE FROM " + Influxql.ident(p.measurement()) + " WHERE time = " + p.time(),
                        series -> {
                        });
                deleted.add(DataDump.esc(p.measurement()) + "|" + p.time());
            }
        }
        return deleted;
    }

    /** A {@link DataDump} line's measurement and time, as {@code measurement|time} (both as the dump writes them). */
    private static String measurementAndTime(String dumpLine) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < dumpLine.length() && parts.size() < 4; i++) {
            char c = dumpLine.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '|') {
                parts.add(dumpLine.substring(from, i));
                from = i + 1;
            }
        }
        // rp | measurement | tags | time | fields
        return parts.get(1) + "|" + parts.get(3);
    }

    /** A point's measurement (as the client meant it) and time. */
    private record Written(String measurement, long time) {
    }

    /**
     * One point as a client would write it: names escaped for line protocol, string values quoted.
     *
     * @return the point, its measurement name as meant (unescaped, decoded with {@link Utf8b})
     */
    private static Written writeLine(ByteArrayOutputStream out, Random r, long t) {
        if (r.nextInt(10) == 0) {
            out.writeBytes(b("plain v=\"x\" " + t + "\n"));
            return new Written("plain", t);
        }
        byte[] measurement = key(r, 1, 4);
        out.writeBytes(escape(measurement, ", "));
        int tags = r.nextInt(3);
        for (int i = 0; i < tags; i++) {
            out.write(',');
            byte[] tagKey = key(r, 1, 3);
            out.writeBytes(escape(tagKey, ",= "));
            out.write('=');
            out.writeBytes(escape(name(r, 1, 3), ",= "));
        }
        out.write(' ');
        int fields = 1 + r.nextInt(2);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                out.write(',');
            }
            if (i == 0 && r.nextInt(4) == 0) {
                // integers under their own key ("n" is no piece): a key with two types is a type conflict
                out.writeBytes(b("n=" + r.nextInt(100) + "i"));
                continue;
            }
            byte[] key = key(r, 1, 3);
            if (i == 0 && key[0] == '\t') {
                // the server would drop the tab: "\t" alone becomes an empty key that reads back as "val0"
                out.write('f');
            }
            out.writeBytes(escape(key, ",= \""));
            out.writeBytes(b("=\""));
            out.writeBytes(escape(name(r, 0, 6), "\"\\"));
            out.write('"');
        }
        out.writeBytes(b(" " + t + "\n"));
        return new Written(Utf8b.decode(measurement), t);
    }

    /** A value: tag values and string values keep bytes that are not UTF-8, so they get many. */
    private static byte[] name(Random r, int min, int max) {
        return name(r, min, max, PIECES.length);
    }

    /**
     * A measurement name, tag key or field key: bytes that are not UTF-8 there make the whole point not
     * copyable, so they come rarely and the rest of the alphabet gets tested too.
     */
    private static byte[] key(Random r, int min, int max) {
        return name(r, min, max, r.nextInt(8) == 0 ? PIECES.length : VALID_PIECES);
    }

    private static byte[] name(Random r, int min, int max, int pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = min + r.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) {
            // mostly letters so that names repeat and series get several points
            out.writeBytes(r.nextInt(3) == 0 ? PIECES[r.nextInt(pieces)] : PIECES[r.nextInt(3)]);
        }
        return out.toByteArray();
    }

    private static byte[] escape(byte[] raw, String special) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte x : raw) {
            if (special.indexOf(x) >= 0) {
                out.write('\\');
            }
            out.write(x);
        }
        return out.toByteArray();
    }

    /** Writes a batch; lines the server cannot parse are its business (the dump shows what it kept). */
    private static void writeLeniently(byte[] body) {
        try {
            master.write("rt", "autogen", body);
        } catch (NodeException e) {
            if (e.retryable()) {
                throw e;
            }
        }
    }
}
