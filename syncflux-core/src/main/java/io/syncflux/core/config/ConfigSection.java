package io.syncflux.core.config;

import io.syncflux.core.api.GoDuration;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One table of a SyncFlux config file, read with typed getters whose errors are one line naming the file,
 * the section and the key. Keys are matched case-insensitively; a key the section does not know is an
 * error that suggests the closest known one.
 */
final class ConfigSection {
    private final String source;
    private final String prefix;
    private final JsonNode node;

    /**
     * @param source  the config's name for messages (its path)
     * @param prefix  the section as messages show it, e.g. {@code "[General] "}
     * @param allowed the section's keys, lower case
     */
    ConfigSection(String source, String prefix, JsonNode node, Set<String> allowed) {
        this.source = source;
        this.prefix = prefix;
        this.node = node;
        if (!node.isObject()) {
            throw error(prefix.trim(), "", "must be a table");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k.toLowerCase(Locale.ROOT))) {
                throw error(prefix, k, "unknown key" + KeySuggester.suggest(k, allowed));
            }
        }
    }

    private JsonNode get(String key) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    String string(String key, String def) {
        JsonNode v = get(key);
        if (v == null) {
            return def;
        }
        if (!v.isTextual()) {
            throw error(prefix, key, "must be a string, got " + v);
        }
        return v.asText();
    }

    /** Like {@link #string} for a password: an error never quotes the value. */
    String secret(String key) {
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw error(prefix, key, "must be a string in quotes (the value is not shown: it is a password)");
        }
        return v.asText();
    }

    /** A node name; blank means not set (the command line may give it). */
    String name(String key) {
        String v = string(key, null);
        return v == null || v.isBlank() ? null : v.trim();
    }

    int integer(String key, int def, int min) {
        JsonNode v = get(key);
        if (v == null) {
            return def;
        }
        if (!v.isIntegralNumber()) {
            throw error(prefix, key, "must be an integer, got " + v);
        }
        if (!v.canConvertToInt()) {
            throw error(prefix, key, "is out of range, got " + v);
        }
        int i = v.asInt();
        if (i < min) {
            throw error(prefix, key, "must be " + min + " or more, got " + i);
        }
        return i;
    }

    boolean bool(String key, boolean def) {
        JsonNode v = get(key);
        if (v == null) {
            return def;
        }
        if (!v.isBoolean()) {
            throw error(prefix, key, "must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    Duration duration(String key, Duration def) {
        JsonNode v = get(key);
        if (v == null) {
            return def;
        }
        if (!v.isTextual()) {
            throw error(prefix, key, "must be a duration string such as \"10s\" or \"1h30m\", got " + v);
        }
        String s = v.asText();
        try {
            return GoDuration.parse(s);
        } catch (IllegalArgumentException e) {
            throw error(prefix, key, e.getMessage());
        }
    }

    Duration positive(String key, Duration def) {
        Duration d = duration(key, def);
        if (d.isNegative() || d.isZero()) {
            throw error(prefix, key, "must be a positive duration, got \"" + get(key).asText() + "\"");
        }
        return d;
    }

    Duration nonNegative(String key, Duration def) {
        Duration d = duration(key, def);
        if (d.isNegative()) {
            throw error(prefix, key, "must not be negative, got \"" + get(key).asText() + "\"");
        }
        return d;
    }

    <T> T parsed(String key, T def, Function<String, T> parser) {
        String s = string(key, null);
        if (s == null) {
            return def;
        }
        try {
            return parser.apply(s);
        } catch (IllegalArgumentException e) {
            throw error(prefix, key, e.getMessage());
        }
    }

    private ConfigException error(String section, String key, String what) {
        return new ConfigException("config " + source + ": " + section + key + ": " + what);
    }
}
