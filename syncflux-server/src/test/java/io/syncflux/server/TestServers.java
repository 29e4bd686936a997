package io.syncflux.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncflux.core.config.HttpConfig;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.testing.FastHa;
import io.syncflux.core.testing.InfluxdExtension;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers of the server tests: a fast-ticking config and an HTTP client. */
final class TestServers {
    static final String ADMIN = "admin";
    static final String PASSWORD = "s3cret:with colon";
    static final ObjectMapper JSON = new ObjectMapper();
    static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();

    private TestServers() {
    }

    /** influx01 master, influx02 slave, short intervals, HTTP on a free loopback port. */
    static SyncfluxConfig config(InfluxdExtension influx, String... extraGeneral) {
        List<String> lines = new ArrayList<>(List.of("loglevel = \"info\""));
        try {
            Path data = Files.createDirectories(Path.of("target", "syncflux-data")).toAbsolutePath();
            data = Files.createTempDirectory(data, "it-");
            lines.add("datadir = \"" + data + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lines.addAll(List.of(extraGeneral));
        SyncfluxConfig c = FastHa.config(influx, lines.toArray(String[]::new));
        return new SyncfluxConfig(c.general(), new HttpConfig("it", "127.0.0.1:0", ADMIN, PASSWORD, "cookie"),
                c.influxdb());
    }

    static String url(SyncfluxServer s, String path) {
        return "http://127.0.0.1:" + s.port() + path;
    }

    record Answer(int code, JsonNode body, okhttp3.Headers headers, String text) {
    }

    static Answer send(Request r) {
        try (Response resp = HTTP.newCall(r).execute()) {
            String text = resp.body() == null ? "" : resp.body().string();
            JsonNode body = text.isEmpty() ? null : JSON.readTree(text);
            return new Answer(resp.code(), body, resp.headers(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Answer get(SyncfluxServer s, String path) {
        return send(new Request.Builder().url(url(s, path)).get().build());
    }

    static JsonNode health(SyncfluxServer s) {
        return get(s, "/api/health").body();
    }

    /** {@code /api/health} of the daemon on this loopback port, or null while it does not answer. */
    static JsonNode health(int port) {
        try {
            Answer a = send(new Request.Builder().url("http://127.0.0.1:" + port + "/api/health").build());
            return a.code() == 200 ? a.body() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
