package io.syncflux.examples;

import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@link CopyExample} between two real influxd processes. */
class CopyExampleIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private static long nanosAgo(Instant now, Duration ago) {
        return Fixtures.nanos(now.minus(ago));
    }

    @Test
    void copiesTheLastHourOfOneMeasurementAndNothingElse() {
        Influxd src = INFLUX.node(0);
        Influxd dst = INFLUX.node(1);
        src.query("CREATE DATABASE telegraf");
        dst.query("CREATE DATABASE telegraf");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        src.write("telegraf", null, String.join("\n",
                // inside the last hour: copied
                "cpu,host=a usage=1.5,n=3i " + nanosAgo(now, Duration.ofMinutes(50)),
                "cpu,host=b usage=2.25,ok=true,s=\"x y\" " + (nanosAgo(now, Duration.ofMinutes(20)) + 123),
                "cpu,host=a usage=0.5 " + nanosAgo(now, Duration.ofMinutes(1)),
                // older than an hour: not copied
                "cpu,host=a usage=9.0 " + nanosAgo(now, Duration.ofMinutes(70)),
                "cpu,host=a usage=8.0 " + nanosAgo(now, Duration.ofHours(2)),
                // other measurements, one whose name merely starts with cpu: not copied
                "mem,host=a used=1i " + nanosAgo(now, Duration.ofMinutes(10)),
                "cpu2,host=a usage=7.0 " + nanosAgo(now, Duration.ofMinutes(10)),
                ""));

        CopyReport report = CopyExample.copyLastHour(src.url(), dst.url(), "telegraf", "cpu", out);

        try (InfluxNode source = InfluxNode.connect(src.nodeConfig());
             InfluxNode destination = InfluxNode.connect(dst.nodeConfig())) {
            List<String> expected = DataDump.of(source, "telegraf", now.minus(Duration.ofMinutes(55)), now).stream()
                    .filter(line -> line.split("\\|")[1].equals("cpu"))
                    .toList();
            assertThat(expected).hasSize(3);
            assertThat(DataDump.of(destination, "telegraf")).containsExactlyElementsOf(expected);
        }
        assertThat(report.ok()).isTrue();
        assertThat(report.points()).isEqualTo(3);
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("planned " + report.units() + " units over [");
        assertThat(text.lines().filter(l -> l.startsWith("[")).filter(l -> l.contains(" points")))
                .hasSize(report.units())
                .allMatch(l -> l.contains("telegraf.autogen.cpu ["));
        assertThat(text).contains("copied 3 points in " + report.units() + " units, ok=true");
    }

    @Test
    void skipsADatabaseThatTheDestinationLacksAndSaysSo() {
        Influxd src = INFLUX.node(0);
        src.query("CREATE DATABASE telegraf");
        src.write("telegraf", null, "cpu usage=1.0 " + nanosAgo(Instant.now(), Duration.ofMinutes(5)));

        CopyReport report = CopyExample.copyLastHour(src.url(), INFLUX.node(1).url(), "telegraf", "cpu", out);

        assertThat(report.points()).isZero();
        assertThat(report.skipped()).singleElement().asString()
                .startsWith("telegraf: database telegraf does not exist on destination");
        assertThat(INFLUX.node(1).query("SHOW DATABASES")).doesNotContain("telegraf");
    }
}
