package io.syncflux.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Passwords from the environment and from files ({@code admin-passwd-file}, {@code *_FILE} variables), in the
 * documented order, and locations with a login in them refused without quoting the secret.
 */
class SecretsConfigTest {
    static final String NODES = """
            [http]
             bind-addr = "127.0.0.1:4090"
             admin-user = "admin"
             admin-passwd = "from-config"
            [[influxdb]]
             name = "influx-01"
             location = "http://127.0.0.1:8086/"
             admin-user = "root"
             admin-passwd = "node1-config"
            [[influxdb]]
             name = "influx02"
             location = "http://127.0.0.1:8087/"
             admin-user = "root"
            """;

    @TempDir
    Path dir;

    private static NodeConfig node(SyncfluxConfig c, String name) {
        return c.influxdb().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theEnvironmentVariableNamesFollowTheNodeName() {
        assertThat(Secrets.nodeEnv("influx-01")).isEqualTo("SYNCFLUX_NODE_INFLUX_01_ADMIN_PASSWD");
        assertThat(Secrets.nodeEnv("db.Prod 2")).isEqualTo("SYNCFLUX_NODE_DB_PROD_2_ADMIN_PASSWD");
        assertThat(Secrets.HTTP_ENV).isEqualTo("SYNCFLUX_HTTP_ADMIN_PASSWD");
    }

    @Test
    void withoutEnvironmentOrFilesTheConfigValuesApply() {
        SyncfluxConfig c = ConfigLoader.parse(NODES, "t.toml", Map.of("UNRELATED", "x"));
        assertThat(c.http().adminPasswd()).isEqualTo("from-config");
        assertThat(node(c, "influx-01").adminPasswd()).isEqualTo("node1-config");
        assertThat(node(c, "influx02").adminPasswd()).isEmpty();
    }

    @Test
    void environmentVariablesOverrideTheConfig() {
        SyncfluxConfig c = ConfigLoader.parse(NODES, "t.toml", Map.of(
                "SYNCFLUX_HTTP_ADMIN_PASSWD", "api-env",
                "SYNCFLUX_NODE_INFLUX_01_ADMIN_PASSWD", "node1-env",
                "SYNCFLUX_NODE_INFLUX02_ADMIN_PASSWD", "node2-env"));
        assertThat(c.http().adminPasswd()).isEqualTo("api-env");
        assertThat(node(c, "influx-01").adminPasswd()).isEqualTo("node1-env");
        assertThat(node(c, "influx02").adminPasswd()).isEqualTo("node2-env");
        assertThat(node(c, "influx02").adminUser()).isEqualTo("root");
    }

    @Test
    void anEmptyVariableIsNotSet() {
        SyncfluxConfig c = ConfigLoader.parse(NODES, "t.toml", Map.of("SYNCFLUX_HTTP_ADMIN_PASSWD", ""));
        assertThat(c.http().adminPasswd()).isEqualTo("from-config");
    }

    @Test
    void theApiPasswordComesFromTheEnvironmentAlsoWithoutAnHttpSection() {
        SyncfluxConfig c = ConfigLoader.parse("", "t.toml", Map.of("SYNCFLUX_HTTP_ADMIN_PASSWD", "api-env"));
        assertThat(c.http().adminPasswd()).isEqualTo("api-env");
        assertThat(c.http().bindAddr()).isEqualTo(HttpConfig.defaults().bindAddr());
        assertThat(ConfigLoader.parse("", "t.toml", Map.of()).http()).isEqualTo(HttpConfig.defaults());
    }

    @Test
    void passwordFilesFromTheConfigAndFromVariablesLoseOneTrailingLineBreak() throws IOException {
        Path api = Files.writeString(dir.resolve("api"), "api-file\n");
        Path n1 = Files.writeString(dir.resolve("n1"), "node1 file\r\n");
        Path n2 = Files.writeString(dir.resolve("n2"), "node2-file\n\n");
        String toml = NODES.replace("admin-passwd = \"from-config\"", "admin-passwd-file = \"" + api + "\"")
                .replace("admin-passwd = \"node1-config\"", "admin-passwd-file = \"" + n1 + "\"");
        SyncfluxConfig c = ConfigLoader.parse(toml, "t.toml",
                Map.of("SYNCFLUX_NODE_INFLUX02_ADMIN_PASSWD_FILE", n2.toString()));
        assertThat(c.http().adminPasswd()).isEqualTo("api-file");
        assertThat(node(c, "influx-01").adminPasswd()).isEqualTo("node1 file");
        assertThat(node(c, "influx02").adminPasswd()).isEqualTo("node2-file\n");
    }

    @Test
    void theVariableWinsOverItsFileFormWhichWinsOverTheConfigFile() throws IOException {
        Path a = Files.writeString(dir.resolve("a"), "from-env-file");
        Path b = Files.writeString(dir.resolve("b"), "from-config-file");
        String toml = NODES.replace("admin-passwd = \"from-config\"", "admin-passwd-file = \"" + b + "\"");
        assertThat(ConfigLoader.parse(toml, "t.toml", Map.of("SYNCFLUX_HTTP_ADMIN_PASSWD_FILE", a.toString()))
                .http().adminPasswd()).isEqualTo("from-env-file");
        assertThat(ConfigLoader.parse(toml, "t.toml", Map.of("SYNCFLUX_HTTP_ADMIN_PASSWD_FILE", a.toString(),
                "SYNCFLUX_HTTP_ADMIN_PASSWD", "from-env")).http().adminPasswd()).isEqualTo("from-env");
        assertThat(ConfigLoader.parse(toml, "t.toml", Map.of()).http().adminPasswd()).isEqualTo("from-config-file");
    }

    @Test
    void loadReadsTheGivenEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("s.toml"), NODES);
        assertThat(ConfigLoader.load(file, Map.of("SYNCFLUX_HTTP_ADMIN_PASSWD", "x1")).http().adminPasswd())
                .isEqualTo("x1");
    }

    @Test
    void badPasswordFilesAreOneLineErrorsNamingKeyAndFileButNotTheContent() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path big = Files.write(dir.resolve("big"), new byte[Secrets.MAX_FILE_BYTES + 1]);
        Path notUtf8 = Files.write(dir.resolve("bin"), new byte[] {'s', (byte) 0xff, 'X'});
        Path missing = dir.resolve("missing");
        String withFile = NODES.replace("admin-passwd = \"from-config\"", "admin-passwd-file = \"%s\"");
        assertThatThrownBy(() -> ConfigLoader.parse(withFile.formatted(missing), "t.toml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config t.toml: [http] admin-passwd-file: password file " + missing + " not found");
        assertThatThrownBy(() -> ConfigLoader.parse(withFile.formatted(empty), "t.toml", Map.of()))
                .hasMessage("config t.toml: [http] admin-passwd-file: password file " + empty + " is empty");
        assertThatThrownBy(() -> ConfigLoader.parse(withFile.formatted(big), "t.toml", Map.of()))
                .hasMessageContaining("is larger than 65536 bytes");
        assertThatThrownBy(() -> ConfigLoader.parse(withFile.formatted(notUtf8), "t.toml", Map.of()))
                .hasMessageContaining("is not UTF-8 text").hasMessageNotContaining("sX");
        assertThatThrownBy(() -> ConfigLoader.parse(withFile.formatted(" "), "t.toml", Map.of()))
                .hasMessageContaining("[http] admin-passwd-file: is empty");
        assertThatThrownBy(() -> ConfigLoader.parse(NODES, "t.toml",
                Map.of("SYNCFLUX_NODE_INFLUX02_ADMIN_PASSWD_FILE", missing.toString())))
                .hasMessage("config t.toml: [[influxdb]] \"influx02\" environment variable "
                        + "SYNCFLUX_NODE_INFLUX02_ADMIN_PASSWD_FILE: password file " + missing + " not found");
        assertThatThrownBy(() -> ConfigLoader.parse(NODES.replace("admin-passwd = \"from-config\"",
                "admin-passwd = \"x\"\n admin-passwd-file = \"" + empty + "\""), "t.toml", Map.of()))
                .hasMessage("config t.toml: [http] admin-passwd-file: set either admin-passwd or admin-passwd-file, "
                        + "not both");
    }

    @Test
    void aPasswordThatIsNotAStringIsRefusedWithoutQuotingIt() {
        for (String value : new String[] {"31415926", "3.1415926", "[\"31415926\"]", "true"}) {
            String toml = NODES.replace("admin-passwd = \"node1-config\"", "admin-passwd = " + value);
            assertThatThrownBy(() -> ConfigLoader.parse(toml, "t.toml", Map.of()))
                    .as(value)
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("config t.toml: [[influxdb]] \"influx-01\" admin-passwd: must be a string in quotes "
                            + "(the value is not shown: it is a password)");
        }
        assertThatThrownBy(() -> ConfigLoader.parse(NODES.replace("\"from-config\"", "1234567"), "t.toml", Map.of()))
                .hasMessageNotContaining("1234567").hasMessageContaining("[http] admin-passwd");
    }

    @Test
    void twoNodesSharingAVariableNameAreRefusedWhenTheVariableIsSet() {
        String toml = NODES.replace("\"influx02\"", "\"influx_01\"");
        assertThat(ConfigLoader.parse(toml, "t.toml", Map.of()).influxdb()).hasSize(2);
        assertThatThrownBy(() -> ConfigLoader.parse(toml, "t.toml",
                Map.of("SYNCFLUX_NODE_INFLUX_01_ADMIN_PASSWD", "x")))
                .hasMessageContaining("nodes \"influx-01\" and \"influx_01\" share the environment variable "
                        + "SYNCFLUX_NODE_INFLUX_01_ADMIN_PASSWD");
    }

    @Test
    void aLocationWithALoginIsRefusedNamingTheKeysToUseAndNotTheSecret() {
        for (String loc : new String[] {"http://user:S3cr3t-x@127.0.0.1:8086/", "https://user:S3cr3t-x@db:8086",
                "http://:S3cr3t-x@db/", "user:S3cr3t-x@db:8086", "http://us er:S3cr3t-x@db/ bad"}) {
            String toml = NODES.replace("http://127.0.0.1:8087/", loc);
            assertThatThrownBy(() -> ConfigLoader.parse(toml, "t.toml", Map.of()))
                    .as(loc)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageNotContaining("S3cr3t")
                    .hasMessageNotContaining("\n")
                    .hasMessage("config t.toml: [[influxdb]] \"influx02\" location: must not carry credentials "
                            + "(user:password@host): set the node's admin-user and admin-passwd instead "
                            + "(or admin-passwd-file, or the environment variable SYNCFLUX_NODE_INFLUX02_ADMIN_PASSWD)");
        }
        assertThatThrownBy(() -> new NodeConfig("1x", "n", URI.create("http://u:S3cr3t-x@h:8086/"), "", "",
                Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("S3cr3t")
                .hasMessageContaining("must not carry credentials");
        // an @ in the path is not a login
        assertThat(NodeConfig.of("n", "http://h:8086/a@b").location().getPath()).isEqualTo("/a@b");
    }
}
