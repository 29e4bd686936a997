package io.syncflux.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncflux.core.config.ConfigLoader;
import io.syncflux.core.config.HttpConfig;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.testing.FastHa;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.server.SyncfluxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One table of bad inputs (config files, flags, HTTP API parameters) against real nodes. Every row
 * must end with one line naming the problem, the documented exit code (2 usage or config, 1
 * unreachable node) or HTTP status, and a slave that was not touched: same {@code SHOW DATABASES},
 * no points.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTableIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02").keepDataBetweenTests();

    static final String ADMIN = "admin";
    static final String PASSWORD = "api-pw";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicInteger ROWS = new AtomicInteger();

    @TempDir
    static Path dir;
    static String slaveDatabases;
    static int refusedPort;
    static SyncfluxServer server;

    /** What a row ended with: an exit code or HTTP status, and the one message shown to the user. */
    record Outcome(int code, List<String> lines) {
    }

    @BeforeAll
    static void setUp() throws IOException {
        INFLUX.node(0).query("CREATE DATABASE src");
        INFLUX.node(0).query("CREATE DATABASE src2");
        long now = System.currentTimeMillis() * 1_000_000L;
        INFLUX.node(0).write("src", null, "cpu,host=a v=1i " + (now - 3_600_000_000_000L) + "\ncpu,host=b v=2i " + now);
        INFLUX.node(0).write("src2", null, "mem v=1.5 " + now);
        slaveDatabases = INFLUX.node(1).query("SHOW DATABASES");
        refusedPort = Fixtures.freePort();
        SyncfluxConfig c = ConfigLoader.parse(goodToml(), "test");
        c = new SyncfluxConfig(c.general(), new HttpConfig("bad-input", "127.0.0.1:0", ADMIN, PASSWORD, "cookie"),
                c.influxdb());
        server = SyncfluxServer.builder().config(c).build().start();
        Fixtures.await("cluster OK", Duration.ofSeconds(20),
                () -> server.monitor().status().clusterState() == ClusterState.OK);
        assertThat(server.monitor().status().clusterState()).isEqualTo(ClusterState.OK);
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.stop();
        }
        System.out.println("BadInputTableIT: " + ROWS.get() + " bad inputs tried, slave untouched after each");
    }

    static String goodToml() {
        return FastHa.toml(INFLUX, "monitor-retry-interval = \"100ms\"", "rw-max-retries = 1",
                "datadir = \"" + dir.resolve("data") + "\"");
    }

    /** The good config with one [General] line added or replaced (by key). */
    static String withGeneral(String line) {
        String key = line.substring(0, line.indexOf('=')).trim();
        String base = goodToml().replaceAll("(?m)^ " + java.util.regex.Pattern.quote(key) + " = .*\n", "");
        return base.replace("[General]\n", "[General]\n " + line + "\n");
    }

    static Supplier<Outcome> cli(String toml, String... args) {
        return () -> {
            Path conf;
            try {
                conf = Files.writeString(Files.createTempFile(dir, "bad-", ".toml"), toml);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> all = new ArrayList<>(List.of("-config", conf.toString()));
            all.addAll(List.of(args));
            CliRun r = CliRun.of(all.toArray(String[]::new));
            assertThat(r.out()).as(r.toString()).isEmpty();
            return new Outcome(r.exit(), r.err().lines().toList());
        };
    }

    static Supplier<Outcome> flags(String... args) {
        return () -> cli(goodToml(), args).get();
    }

    static Supplier<Outcome> api(String method, String pathAndQuery, String user, String password) {
        return () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                            + pathAndQuery)).timeout(Duration.ofSeconds(10))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (user != null) {
                b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)));
            }
            try {
                HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
                JsonNode body = JSON.readTree(r.body());
                return new Outcome(r.statusCode(), List.of(body.get("error").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    static Supplier<Outcome> recover(String query) {
        return api("POST", "/api/action/recover" + query, ADMIN, PASSWORD);
    }

    static Arguments row(String name, Supplier<Outcome> run, int code, String... mustContain) {
        return Arguments.of(name, run, code, mustContain);
    }

    static String refused(String nodeName) {
        return goodToml().replaceFirst("(name = \"" + nodeName + "\"\n location = \")[^\"]*\"",
                "$1http://127.0.0.1:" + refusedPort + "/\"");
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // config files: exit 2
                row("malformed TOML", cli("[General\n master-db = \"influx01\"\n"), 2, "config"),
                row("unknown key with a near miss", cli(withGeneral("chek-interval = \"1s\"")), 2,
                        "chek-interval", "did you mean \"check-interval\""),
                row("unknown master node in the config", cli(withGeneral("master-db = \"influx09\"")), 2,
                        "influx09"),
                row("unparsable duration in the config", cli(withGeneral("check-interval = \"5 minutes\"")), 2,
                        "check-interval", "5 minutes"),
                row("zero workers", cli(withGeneral("num-workers = 0")), 2, "num-workers"),
                row("negative workers", cli(withGeneral("num-workers = -3")), 2, "num-workers"),
                row("negative retries", cli(withGeneral("rw-max-retries = -1")), 2, "rw-max-retries"),
                row("zero chunk duration in the config", cli(withGeneral("data-chuck-duration = \"0s\"")), 2,
                        "data-chuck-duration"),
                row("zero points per write", cli(withGeneral("max-points-on-single-write = 0")), 2,
                        "max-points-on-single-write"),
                row("wrong value type", cli(withGeneral("num-workers = \"four\"")), 2, "num-workers"),
                row("integer out of range", cli(withGeneral("num-workers = 99999999999999999999")), 2, "num-workers"),
                row("overflowing duration", cli(withGeneral("check-interval = \"99999999999999999999h\"")), 2,
                        "check-interval"),
                row("master equal to slave in the config", cli(withGeneral("slave-db = \"influx01\"")), 2,
                        "same node", "influx01"),
                row("missing config file", () -> {
                    CliRun r = CliRun.of("-config", dir.resolve("nope.toml").toString(), "-action", "copy");
                    return new Outcome(r.exit(), r.err().lines().toList());
                }, 2, "nope.toml", "not found"),
                // flags: exit 2
                row("unknown action", flags("-action", "explode"), 2, "unknown action \"explode\""),
                row("unknown flag", flags("-action", "copy", "-workers", "4"), 2, "-workers"),
                row("unknown master node flag", flags("-action", "copy", "-master", "influx09"), 2, "influx09"),
                row("unknown slave node flag", flags("-action", "copy", "-slave", "nobody"), 2, "nobody"),
                row("master equal to slave flag", flags("-action", "copy", "-slave", "influx01"), 2, "same node"),
                row("invalid -db regex", flags("-action", "copy", "-db", "src(["), 2, "-db"),
                row("invalid -meas regex", flags("-action", "copy", "-meas", "*cpu"), 2, "-meas"),
                row("invalid -rp regex", flags("-action", "replicaschema", "-rp", "a{2,1}"), 2, "-rp"),
                row("start after end", flags("-action", "copy", "-start", "-1h", "-end", "-2h"), 2, "start",
                        "-1h", "-2h"),
                row("start equal to end", flags("-action", "copy", "-start", "1554544800", "-end", "1554544800"), 2,
                        "start"),
                row("unparsable start", flags("-action", "copy", "-start", "yesterday"), 2, "-start", "yesterday"),
                row("impossible RFC3339 end", flags("-action", "copy", "-end", "2019-13-45T00:00:00Z"), 2, "-end"),
                row("relative time without a sign", flags("-action", "copy", "-start", "10h"), 2, "-start", "10h"),
                row("start beyond the time range", flags("-action", "copy", "-start", "99999999999999999999"), 2,
                        "-start"),
                row("relative start overflowing", flags("-action", "copy", "-start", "-9999999999999h"), 2, "-start"),
                row("huge -chunk", flags("-action", "copy", "-chunk", "99999999999999999999h"), 2, "-chunk"),
                row("negative -rate", flags("-action", "copy", "-rate", "-5"), 2, "-rate", "\"-5\""),
                row("-rate that is not a number", flags("-action", "copy", "-rate", "50k"), 2, "-rate", "\"50k\""),
                row("-chunk far too short for the window", flags("-action", "verify", "-db", "^src$", "-start", "-1h",
                        "-chunk", "1ns"), 2, "1ns", "3600000000000 chunks", "longer chunk"),
                row("zero -chunk", flags("-action", "copy", "-chunk", "0s"), 2, "-chunk"),
                row("negative -chunk", flags("-action", "copy", "-chunk", "-5m"), 2, "-chunk"),
                row("unparsable -chunk", flags("-action", "copy", "-chunk", "5 parsecs"), 2, "-chunk"),
                row("unknown -copyorder", flags("-action", "copy", "-copyorder", "sideways"), 2, "sideways"),
                row("-full with -start", flags("-action", "fullcopy", "-full", "-start", "-1h"), 2, "-full"),
                row("-repair without verify", flags("-action", "copy", "-repair"), 2, "-repair"),
                row("-start with hamonitor", flags("-action", "hamonitor", "-start", "-1h"), 2, "-start"),
                row("-newdb over several databases", flags("-action", "copy", "-db", "^src", "-newdb", "dst"), 2,
                        "-newdb"),
                row("flag without its value", flags("-action", "copy", "-db"), 2, "-db"),
                // unreachable nodes: exit 1
                row("slave on a refused port", cli(refused("influx02"), "-action", "copy", "-db", "^src$"), 1,
                        "influx02", "not reachable"),
                row("master on a refused port", cli(refused("influx01"), "-action", "replicaschema"), 1,
                        "influx01", "not reachable"),
                // HTTP API parameters: status codes
                row("API: missing auth", api("POST", "/api/action/recover?start=-1h", null, null), 401,
                        "authentication"),
                row("API: right user, wrong password", api("POST", "/api/action/recover?start=-1h", ADMIN, "x"), 401,
                        "authentication"),
                row("API: wrong user, right password", api("POST", "/api/action/recover?start=-1h", "root", PASSWORD),
                        401, "authentication"),
                row("API: missing start", recover(""), 400, "start"),
                row("API: unparsable start", recover("?start=yesterday"), 400, "start"),
                row("API: unparsable end", recover("?start=-1h&end=tomorrow"), 400, "end"),
                row("API: start after end", recover("?start=-1h&end=-2h"), 400, "start"),
                row("API: start beyond the time range", recover("?start=99999999999999999999"), 400, "start"),
                row("API: relative start overflowing", recover("?start=-9999999999999h"), 400, "start"),
                row("API: year 10000", recover("?start=+10000-01-01T00:00:00Z"), 400, "start"),
                row("API: relative start without a sign", recover("?start=10h"), 400, "start"),
                row("API: bad percent-encoding", recover("?start=%E2%82"), 400, "start", "malformed URL encoding"),
                row("API: bad percent-encoding in a name", recover("?st%E2rt=-1h"), 400, "malformed URL encoding"),
                row("API: unknown action", api("POST", "/api/action/explode?start=-1h", ADMIN, PASSWORD), 404,
                        "/api/action/explode"),
                row("API: wrong method", api("DELETE", "/api/action/recover?start=-1h", ADMIN, PASSWORD), 405,
                        "DELETE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aBadInputIsOneClearLineTheRightCodeAndNoWrite(String name, Supplier<Outcome> run, int code,
                                                        String[] mustContain) {
        ROWS.incrementAndGet();
        Outcome o = run.get();

        assertThat(o.code()).as(name + ": " + o.lines()).isEqualTo(code);
        assertThat(o.lines()).as(name).hasSize(1);
        String line = o.lines().get(0);
        System.out.println("bad input [" + name + "] -> " + o.code() + " " + line);
        assertThat(line).as(name).isNotBlank().contains(mustContain)
                .doesNotContain("Exception").doesNotContain("\tat ");
        if (code < 100) {
            assertThat(line).as(name).startsWith("syncflux: ");
        }
        assertThat(INFLUX.node(1).query("SHOW DATABASES")).as(name + ": slave databases").isEqualTo(slaveDatabases);
        assertThat(server.monitor().status().pending()).as(name + ": queued recoveries").isEmpty();
    }
}
