package io.syncflux.server;

import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed Prometheus text exposition: sample name with labels (as printed) to value. */
record Scrape(String text, Map<String, Double> samples) {
    /** GET /metrics of the server, without credentials; fails unless 200. */
    static Scrape of(SyncfluxServer server) {
        try (Response r = TestServers.HTTP.newCall(new Request.Builder().url(TestServers.url(server, "/metrics"))
                .build()).execute()) {
            if (r.code() != 200) {
                throw new AssertionError("GET /metrics answered " + r.code());
            }
            return parse(r.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            samples.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
        }
        return new Scrape(text, samples);
    }

    /** The value of a sample, e.g. {@code syncflux_node_up{node="influx01",role="master"}}. */
    double value(String sample) {
        Double v = samples.get(sample);
        if (v == null) {
            throw new AssertionError("no sample " + sample + " in:\n" + text);
        }
        return v;
    }

    boolean has(String sample) {
        return samples.containsKey(sample);
    }
}
