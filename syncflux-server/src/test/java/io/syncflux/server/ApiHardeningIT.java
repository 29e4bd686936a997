package io.syncflux.server;

import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.config.HttpConfig;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.InfluxdExtension;
import okhttp3.Credentials;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncflux.server.TestServers.ADMIN;
import static io.syncflux.server.TestServers.PASSWORD;
import static io.syncflux.server.TestServers.get;
import static io.syncflux.server.TestServers.send;
import static io.syncflux.server.TestServers.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP API of a real server over two real influxd nodes where others can reach it: no default password
 * beyond loopback, password guessing slowed down per address, slow clients dropped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiHardeningIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    SyncfluxServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static SyncfluxConfig withHttp(String bind, String password) {
        SyncfluxConfig c = TestServers.config(INFLUX);
        return new SyncfluxConfig(c.general(), new HttpConfig("it", bind, ADMIN, password, "cookie"), c.influxdb());
    }

    private TestServers.Answer verifyStatus(String password) {
        return send(new Request.Builder().url(url(server, "/api/verify"))
                .header("Authorization", Credentials.basic(ADMIN, password, StandardCharsets.UTF_8)).build());
    }

    @Test
    void aReachableAddressWithAnEmptyOrSamplePasswordIsRefusedNamingTheKey() {
        for (String bind : List.of("0.0.0.0:0", ":0", "[::]:0")) {
            for (String pw : List.of("", "admin")) {
                assertThatThrownBy(() -> SyncfluxServer.builder().config(withHttp(bind, pw)).build())
                        .as(bind + " with \"" + pw + "\"")
                        .isInstanceOf(SyncfluxException.class)
                        .satisfies(e -> assertThat(((SyncfluxException) e).kind()).isEqualTo(SyncfluxException.Kind.USAGE))
                        .hasMessageStartingWith("[http] admin-passwd: the API listens on " + bind)
                        .hasMessageContaining("SYNCFLUX_HTTP_ADMIN_PASSWD")
                        .hasMessageNotContaining("\n");
            }
        }
        // loopback keeps the defaults
        for (String bind : List.of("127.0.0.1:0", "localhost:0", "[::1]:0", "127.0.0.2:0")) {
            server = SyncfluxServer.builder().config(withHttp(bind, "admin")).build();
            server.stop();
            server = null;
        }
        // a reachable address with a password of the operator's own
        server = SyncfluxServer.builder().config(withHttp("0.0.0.0:0", "Own-Pa55")).build().start();
        assertThat(send(new Request.Builder().url("http://127.0.0.1:" + server.port() + "/api/health").build())
                .code()).isEqualTo(200);
    }

    @Test
    void repeatedFailedLoginsFromOneAddressAreRefusedUncheckedForAWhile() {
        server = SyncfluxServer.builder().config(TestServers.config(INFLUX)).build().start();
        for (int i = 0; i < LoginThrottle.FREE_FAILURES + 1; i++) {
            assertThat(verifyStatus("guess-" + i).code()).as("failure " + (i + 1)).isEqualTo(401);
        }
        TestServers.Answer refused = verifyStatus(PASSWORD);
        System.out.println("ApiHardeningIT: right password after 6 failures -> " + refused.code() + " "
                + refused.text().trim() + " Retry-After: " + refused.headers().get("Retry-After"));
        assertThat(refused.code()).as("even the right password waits").isEqualTo(429);
        assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
        assertThat(refused.body().get("error").asText()).contains("too many failed logins");
        assertThat(get(server, "/api/health").code()).as("open endpoints stay open").isEqualTo(200);
        assertThat(get(server, "/api/verify").code()).isEqualTo(200);

        Fixtures.sleep(1100);
        assertThat(verifyStatus(PASSWORD).code()).isEqualTo(200);
        // the success cleared the address: five free failures again
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(verifyStatus("guess").code()).isEqualTo(401);
        }
        assertThat(verifyStatus(PASSWORD).code()).isEqualTo(200);
    }

    @Test
    void slowAndSilentClientsAreDisconnectedAndDoNotHoldTheServer() throws Exception {
        server = SyncfluxServer.builder().config(TestServers.config(INFLUX)).requestTimeout(Duration.ofSeconds(1))
                .build().start();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.setSoTimeout(8000);
                OutputStream out = s.getOutputStream();
                if (i % 2 == 0) {
                    // half a request head, never finished
                    out.write("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                slow.add(s);
            }
            long t0 = System.nanoTime();
            assertThat(get(server, "/api/health").code()).as("served while 40 clients stall").isEqualTo(200);
            List<String> ends = new ArrayList<>();
            for (Socket s : slow) {
                ends.add(end(s));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("ApiHardeningIT: 40 stalled clients closed by the server within %.1f s: %s%n",
                    seconds, ends.stream().distinct().toList());
            assertThat(ends).allSatisfy(e -> assertThat(e).isIn("closed", "HTTP/1.1 408"));
            assertThat(seconds).as("well before the clients' own 8 s timeout").isLessThan(7);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        assertThat(get(server, "/api/health").code()).isEqualTo(200);
    }

    /** How the server ended a stalled connection: "closed" or its status line; "timeout" if it did not. */
    private static String end(Socket s) {
        try {
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            if (head.length == 0) {
                return "closed";
            }
            String line = new String(head, StandardCharsets.ISO_8859_1);
            return line.substring(0, Math.min(12, line.length())).trim();
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return "closed";
        }
    }
}
