package io.syncflux.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The launcher {@code dist/bin/syncflux} (tarball {@code bin/syncflux}, package {@code /usr/bin/syncflux}),
 * installed in a temp directory with a stand-in {@code java} that prints its working directory and
 * arguments: it must start the JVM in the caller's directory, add the install directory's config only
 * when no -config is given and none of the original's locations has one, and let JAVA_OPTS replace
 * each JVM default it also sets.
 */
class LauncherTest {
    /** From the module directory, where surefire runs the tests. */
    static final Path LAUNCHER = Path.of("..", "dist", "bin", "syncflux");

    @TempDir
    Path tmp;
    Path install;
    Path caller;
    Path jdk;

    record Run(int exit, String cwd, List<String> args, String err) {
    }

    @BeforeEach
    void install() throws IOException {
        install = Files.createDirectories(tmp.resolve("opt/syncflux"));
        Files.createDirectories(install.resolve("bin"));
        Files.createDirectories(install.resolve("lib"));
        Files.writeString(install.resolve("lib/syncflux.jar"), "not read by the stand-in java");
        Path launcher = Files.copy(LAUNCHER, install.resolve("bin/syncflux"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        jdk = Files.createDirectories(tmp.resolve("jdk/bin"));
        Path java = Files.writeString(jdk.resolve("java"), "#!/bin/sh\npwd\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        caller = Files.createDirectories(tmp.resolve("home/operator"));
    }

    private Run run(Path launcher, String javaOpts, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(caller.toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", jdk.getParent().toString());
        if (javaOpts == null) {
            env.remove("JAVA_OPTS");
        } else {
            env.put("JAVA_OPTS", javaOpts);
        }
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        return new Run(p.exitValue(), lines.isEmpty() ? null : lines.get(0),
                lines.isEmpty() ? List.of() : lines.subList(1, lines.size()), Files.readString(err));
    }

    /** The arguments after {@code -jar <jar>}: what the tool itself receives. */
    private static List<String> toolArgs(Run r) {
        int jar = r.args().indexOf("-jar");
        return r.args().subList(jar + 2, r.args().size());
    }

    private static List<String> jvmArgs(Run r) {
        return r.args().subList(0, r.args().indexOf("-jar"));
    }

    @Test
    void theJvmRunsInTheCallersDirectorySoRelativePathsAreTheCallers() throws Exception {
        Run r = run(install.resolve("bin/syncflux"), null, "-config", "./my.toml", "-logs", "log", "-pidfile", "x.pid");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Path.of(r.cwd()).toRealPath()).isEqualTo(caller.toRealPath());
        assertThat(toolArgs(r)).containsExactly("-config", "./my.toml", "-logs", "log", "-pidfile", "x.pid");
        assertThat(r.args()).contains(install.resolve("lib/syncflux.jar").toRealPath().toString());
    }

    @Test
    void withoutConfigTheInstallDirectorysConfigComesAfterTheOriginalsLocations() throws Exception {
        assumeFalse(Files.exists(Path.of("/etc/syncflux/syncflux.toml"))
                || Files.exists(Path.of("/opt/syncflux/conf/syncflux.toml")), "a SyncFlux config is installed here");
        // no config anywhere: nothing added, the tool reports the locations it tried
        assertThat(toolArgs(run(install.resolve("bin/syncflux"), null, "-action", "copy")))
                .containsExactly("-action", "copy");

        Path installed = Files.createDirectories(install.resolve("conf")).resolve("syncflux.toml");
        Files.writeString(installed, "");
        assertThat(toolArgs(run(install.resolve("bin/syncflux"), null, "-action", "copy")))
                .containsExactly("-config", installed.toRealPath().toString(), "-action", "copy");
        // a symlink to the launcher (as /usr/bin/syncflux) finds the same install directory
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("usr/bin")).resolve("syncflux"),
                install.resolve("bin/syncflux"));
        assertThat(toolArgs(run(link, null))).containsExactly("-config", installed.toRealPath().toString());

        // the caller's ./conf/syncflux.toml comes first: the tool finds it itself
        Files.writeString(Files.createDirectories(caller.resolve("conf")).resolve("syncflux.toml"), "");
        assertThat(toolArgs(run(install.resolve("bin/syncflux"), null, "-action", "copy")))
                .containsExactly("-action", "copy");
        // and a -config given in any spelling is left alone
        assertThat(toolArgs(run(install.resolve("bin/syncflux"), null, "--config=a.toml"))).containsExactly("--config=a.toml");
    }

    @Test
    void javaOptsReplaceEachDefaultTheySet() throws Exception {
        List<String> defaults = jvmArgs(run(install.resolve("bin/syncflux"), null));
        assertThat(defaults).contains("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
                .anyMatch(a -> a.startsWith("-Xmx")).anyMatch(a -> a.startsWith("-Xms"))
                .anyMatch(a -> a.startsWith("-Xmn"));

        List<String> jvm = jvmArgs(run(install.resolve("bin/syncflux"), "-Xmx1g -XX:+UseG1GC -Dx=1"));
        assertThat(jvm).noneMatch(a -> a.startsWith("-Xmx") && !a.equals("-Xmx1g"))
                .doesNotContain("-XX:+UseSerialGC")
                .contains("-Xmx1g", "-XX:+UseG1GC", "-Dx=1", "-XX:+ExitOnOutOfMemoryError")
                .noneMatch(a -> a.startsWith("-Xms") || a.startsWith("-Xmn"));
        assertThat(jvmArgs(run(install.resolve("bin/syncflux"), "-XX:MaxRAMPercentage=50")))
                .noneMatch(a -> a.startsWith("-Xmx") || a.startsWith("-Xms"));
        // a small -Xmx alone must not meet a larger default -Xms or -Xmn
        assertThat(jvmArgs(run(install.resolve("bin/syncflux"), "-Xmx8m")))
                .contains("-Xmx8m").noneMatch(a -> a.startsWith("-Xms") || a.startsWith("-Xmn"));
    }
}
