package io.syncflux.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;

/**
 * Where a password comes from: an environment variable, a file named by an environment variable, a file
 * named in the config ({@code admin-passwd-file}), or the config itself ({@code admin-passwd}), first found
 * wins. Files serve Docker and Kubernetes secrets and systemd credentials. Error messages name the key,
 * the variable or the file, never the content.
 */
final class Secrets {
    /** A password file bigger than this is not a password file; the bound keeps the read small. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    /** The environment variable of the {@code [http]} admin password. */
    static final String HTTP_ENV = "SYNCFLUX_HTTP_ADMIN_PASSWD";

    private Secrets() {
    }

    /**
     * The environment variable of a node's password: {@code SYNCFLUX_NODE_<NAME>_ADMIN_PASSWD}, the node
     * name upper-cased with every character other than A-Z and 0-9 replaced by {@code _}.
     */
    static String nodeEnv(String nodeName) {
        StringBuilder sb = new StringBuilder("SYNCFLUX_NODE_");
        for (char c : nodeName.toUpperCase(Locale.ROOT).toCharArray()) {
            sb.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return sb.append("_ADMIN_PASSWD").toString();
    }

    /**
     * Resolves one password.
     *
     * @param s      the section holding {@code admin-passwd} and {@code admin-passwd-file}
     * @param where  the section as error messages show it, e.g. {@code [http] }
     * @param envVar the variable that overrides the config; {@code envVar + "_FILE"} names a file
     * @param env    the process environment (or a test's)
     * @param def    the value when nothing is set
     * @param error  builds the config error for a key and a problem
     */
    static String password(ConfigSection s, String where, String envVar, Map<String, String> env, String def,
                           ErrorFactory error) {
        String inline = s.secret("admin-passwd");
        String file = s.string("admin-passwd-file", null);
        if (inline != null && file != null) {
            throw error.of(where, "admin-passwd-file", "set either admin-passwd or admin-passwd-file, not both");
        }
        String fromEnv = env.get(envVar);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        String envFile = env.get(envVar + "_FILE");
        if (envFile != null && !envFile.isEmpty()) {
            return read(Path.of(envFile), "environment variable " + envVar + "_FILE", where, error);
        }
        if (file != null) {
            if (file.isBlank()) {
                throw error.of(where, "admin-passwd-file", "is empty: give the path of a file holding the password");
            }
            return read(Path.of(file.trim()), "admin-passwd-file", where, error);
        }
        return inline != null ? inline : def;
    }

    /** The file's content, one trailing line break removed (as {@code echo secret > file} writes it). */
    private static String read(Path file, String what, String where, ErrorFactory error) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw error.of(where, what, "password file " + file + " not found");
        } catch (IOException | SecurityException e) {
            throw error.of(where, what, "cannot read password file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw error.of(where, what, "password file " + file + " is larger than " + MAX_FILE_BYTES
                    + " bytes: not a password file");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error.of(where, what, "password file " + file + " is not UTF-8 text");
        }
        if (text.endsWith("\r\n")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw error.of(where, what, "password file " + file + " is empty");
        }
        return text;
    }

    /** Builds the one-line config error of a section, a key and a problem. */
    interface ErrorFactory {
        ConfigException of(String section, String key, String what);
    }
}
