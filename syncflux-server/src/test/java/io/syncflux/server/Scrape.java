package io.syncflux.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed Prometheus text exposition: sample name with labels (as printed) to value. */
record Scrape(String text, Map<String, Double> samples) {
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
