package io.syncflux.server;

import io.syncflux.core.testing.FastHa;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.InfluxdExtension;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The daemon as a process where it matters to operators: no start with a default password on a reachable
 * address, log files that survive a SIGKILL and a rotation, one daemon per datadir.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DaemonSafetyIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    /** Kept when a test fails: logs, outputs and the config are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    final List<Daemon> daemons = new ArrayList<>();

    @AfterEach
    void killAll() {
        daemons.forEach(Daemon::close);
    }

    private Path config(String name, String bind, String http, String datadir) throws IOException {
        Path conf = dir.resolve(name);
        Files.writeString(conf, FastHa.toml(INFLUX, "loglevel = \"info\"",
                "datadir = \"" + dir.resolve(datadir) + "\"") + "[http]\n bind-addr = \"" + bind + "\"\n" + http);
        return conf;
    }

    private Daemon start(String run, int port, Path conf, Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("-config", conf.toString()));
        all.addAll(List.of(args));
        Daemon d = Daemon.start(dir, run, port, env, all.toArray(String[]::new));
        daemons.add(d);
        return d;
    }

    private Daemon startLogging(String run, int port, Path conf, Path logs) {
        return start(run, port, conf, Map.of(), "-logmode", "file", "-logs", logs.toString());
    }

    private static String read(Path file) {
        return Daemon.text(file);
    }

    private void request(int port, String path) {
        TestServers.send(new Request.Builder().url("http://127.0.0.1:" + port + path).build());
    }

    /** Logs to files, so that stderr holds only what the daemon tells the operator. */
    private Daemon startQuiet(String run, int port, Path conf, String... args) {
        List<String> all = new ArrayList<>(List.of("-logmode", "file", "-logs", dir.resolve(run + "-log").toString()));
        all.addAll(List.of(args));
        return start(run, port, conf, Map.of(), all.toArray(String[]::new));
    }

    @Test
    void aReachableApiWithAnEmptyOrTheSamplePasswordRefusesToStartWithOneLine() throws Exception {
        int port = Fixtures.freePort();
        Path noPassword = config("open.toml", "0.0.0.0:" + port, "", "data");
        Daemon d = startQuiet("open", port, noPassword);
        assertThat(d.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
        List<String> err = read(d.stderr).lines().toList();
        System.out.println("DaemonSafetyIT: " + err);
        assertThat(err).singleElement().satisfies(l -> assertThat(l)
                .startsWith("syncflux-server: [http] admin-passwd: the API listens on 0.0.0.0:" + port)
                .contains("the admin password is the sample's default"));

        Path sample = config("sample.toml", "0.0.0.0:" + port, " admin-user = \"admin\"\n admin-passwd = \"admin\"\n",
                "data");
        Daemon s = startQuiet("sample", port, sample);
        assertThat(s.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
        assertThat(read(s.stderr).lines().toList()).singleElement().asString().contains("[http] admin-passwd");

        Path empty = config("empty.toml", "0.0.0.0:" + port, " admin-passwd = \"\"\n", "data");
        Daemon e = startQuiet("empty", port, empty);
        assertThat(e.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
        assertThat(read(e.stderr)).contains("the admin password is empty");

        // the same config with a password from the environment starts, and so does loopback with the defaults
        start("env", port, noPassword, Map.of("SYNCFLUX_HTTP_ADMIN_PASSWD", "An0ther-0ne")).awaitOk(Duration.ofSeconds(30))
                .close();
        int loop = Fixtures.freePort();
        start("loopback", loop, config("loop.toml", "127.0.0.1:" + loop, "", "data2"), Map.of())
                .awaitOk(Duration.ofSeconds(30));
    }

    @Test
    void logFilesAreAppendedToAcrossASigkillAndRestart() throws Exception {
        int port = Fixtures.freePort();
        Path conf = config("s.toml", "127.0.0.1:" + port, "", "data");
        Path logs = dir.resolve("log");
        Daemon first = startLogging("run1", port, conf, logs).awaitOk(Duration.ofSeconds(30));
        request(port, "/api/health?first");
        first.kill();
        String before = read(logs.resolve("syncflux.log"));
        assertThat(before).contains("starting (pid " + first.pid() + ")");

        Daemon second = startLogging("run2", port, conf, logs).awaitOk(Duration.ofSeconds(30));
        request(port, "/api/health?second");
        String after = read(logs.resolve("syncflux.log"));
        assertThat(after).as("the first run's lines are kept, the second's follow").startsWith(before)
                .contains("starting (pid " + second.pid() + ")");
        assertThat(after.indexOf("starting (pid " + first.pid() + ")"))
                .isLessThan(after.indexOf("starting (pid " + second.pid() + ")"));
        String access = read(logs.resolve("http_access.log"));
        assertThat(access).contains("GET /api/health 200");
        assertThat(access.lines().filter(l -> l.contains("GET /api/health")).count()).isGreaterThanOrEqualTo(2);
        System.out.println("DaemonSafetyIT: syncflux.log after SIGKILL and restart: " + before.lines().count()
                + " + " + (after.lines().count() - before.lines().count()) + " lines");
    }

    @Test
    void onSighupTheDaemonReopensItsLogFilesAndKeepsRunning() throws Exception {
        int port = Fixtures.freePort();
        Path logs = dir.resolve("log");
        Daemon d = startLogging("run", port, config("s.toml", "127.0.0.1:" + port, "", "data"), logs)
                .awaitOk(Duration.ofSeconds(30));
        request(port, "/api/health?before");
        Files.move(logs.resolve("syncflux.log"), logs.resolve("syncflux.log.1"));
        Files.move(logs.resolve("http_access.log"), logs.resolve("http_access.log.1"));

        d.signal("HUP");
        Fixtures.await("a new syncflux.log", Duration.ofSeconds(10),
                () -> read(logs.resolve("syncflux.log")).contains("SIGHUP: log files reopened"));
        request(port, "/api/queryactive?after");
        Fixtures.await("a new access log", Duration.ofSeconds(10),
                () -> read(logs.resolve("http_access.log")).contains("GET /api/queryactive 200"));

        assertThat(d.process.isAlive()).as("SIGHUP does not stop the daemon").isTrue();
        String old = read(logs.resolve("syncflux.log.1"));
        assertThat(old).contains("starting (pid " + d.pid() + ")").doesNotContain("SIGHUP");
        assertThat(read(logs.resolve("syncflux.log"))).doesNotContain("starting (pid");
        assertThat(read(logs.resolve("http_access.log.1"))).contains("GET /api/health 200")
                .doesNotContain("queryactive");
        assertThat(read(logs.resolve("http_access.log"))).doesNotContain("/api/health 200");
        assertThat(d.health()).isNotNull();
    }

    @Test
    void aDaemonStartedWithSighupIgnoredSaysItCannotReopenItsLogsOnSighup() throws Exception {
        assumeTrue(Daemon.envSupports("--ignore-signal=HUP"), "env has no --ignore-signal");
        int port = Fixtures.freePort();
        Path logs = dir.resolve("log");
        // as under nohup: SIGHUP ignored from the start, which the JVM keeps
        Daemon d = Daemon.start(dir, "nohup", port, Map.of(), List.of("/usr/bin/env", "--ignore-signal=HUP"),
                "-config", config("n.toml", "127.0.0.1:" + port, "", "data").toString(), "-logmode", "file",
                "-logs", logs.toString());
        daemons.add(d);
        d.awaitOk(Duration.ofSeconds(30));
        assertThat(read(logs.resolve("syncflux.log"))).contains("SIGHUP is ignored in this process");
        d.signal("HUP");
        Fixtures.sleep(500);
        assertThat(d.process.isAlive()).as("an ignored SIGHUP does not stop the daemon").isTrue();
    }

    @Test
    void theShippedLogrotateConfigRotatesTheRunningDaemonsLogs() throws Exception {
        Path logrotate = Path.of("/usr/sbin/logrotate");
        assumeTrue(Files.isExecutable(logrotate), "logrotate is not installed");
        int port = Fixtures.freePort();
        Path logs = dir.resolve("log");
        Daemon d = startLogging("run", port, config("s.toml", "127.0.0.1:" + port, "", "data"), logs)
                .awaitOk(Duration.ofSeconds(30));
        request(port, "/api/health?before");

        // the package's file, with the test's directory and process in place of the service's
        String shipped = Files.readString(Path.of("..", "dist", "logrotate", "syncflux"));
        String[][] edits = {
                {"/var/log/syncflux/", logs + "/"},
                {"    su syncflux syncflux\n", ""},
                {"create 0640 syncflux syncflux", "create 0640"},
                {"systemctl kill --kill-who=main --signal=HUP syncflux.service", "kill -HUP " + d.pid()}};
        String conf = shipped;
        for (String[] e : edits) {
            assertThat(conf).as("the shipped config has " + e[0]).contains(e[0]);
            conf = conf.replace(e[0], e[1]);
        }
        Path rotateConf = Files.writeString(dir.resolve("logrotate.conf"), conf);
        Process p = new ProcessBuilder(logrotate.toString(), "-f", "-s", dir.resolve("logrotate.state").toString(),
                rotateConf.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("logrotate.out").toFile())
                .start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(read(dir.resolve("logrotate.out"))).isZero();

        Fixtures.await("the daemon writing a new syncflux.log", Duration.ofSeconds(10),
                () -> read(logs.resolve("syncflux.log")).contains("SIGHUP: log files reopened"));
        request(port, "/api/queryactive?after");
        Fixtures.await("a new access log", Duration.ofSeconds(10),
                () -> read(logs.resolve("http_access.log")).contains("GET /api/queryactive 200"));
        assertThat(read(logs.resolve("syncflux.log.1"))).contains("starting (pid " + d.pid() + ")");
        assertThat(read(logs.resolve("http_access.log.1"))).contains("GET /api/health 200");
        assertThat(d.process.isAlive()).isTrue();
        System.out.println("DaemonSafetyIT: after logrotate: " + Files.list(logs).map(f -> f.getFileName().toString())
                .sorted().toList());
    }

    @Test
    void aSecondDaemonOnTheSameDatadirRefusesToStartNamingTheDirectoryAndTheOtherProcess() throws Exception {
        int port = Fixtures.freePort();
        int port2 = Fixtures.freePort();
        Path pid = dir.resolve("syncflux.pid");
        Daemon first = start("first", port, config("a.toml", "127.0.0.1:" + port, "", "data"), Map.of(),
                "-pidfile", pid.toString()).awaitOk(Duration.ofSeconds(30));
        Path conf2 = config("b.toml", "127.0.0.1:" + port2, "", "data");
        Daemon second = startQuiet("second", port2, conf2, "-pidfile", pid.toString());
        assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        List<String> err = read(second.stderr).lines().toList();
        System.out.println("DaemonSafetyIT: " + err);
        assertThat(err).singleElement().isEqualTo("syncflux-server: datadir " + dir.resolve("data")
                + " is in use by another syncflux-server (pid " + first.pid() + "): one daemon per datadir; stop that "
                + "one or give this one another [General] datadir");
        assertThat(read(dir.resolve("second-log/syncflux.log"))).contains("[ERROR] ServerMain - datadir");
        assertThat(read(pid).trim()).as("the first daemon's pid file is left alone").isEqualTo(Long.toString(first.pid()));
        assertThat(first.health()).isNotNull();

        // the lock dies with its process, however it ends
        first.kill();
        start("third", port2, conf2, Map.of()).awaitOk(Duration.ofSeconds(30));
    }
}
