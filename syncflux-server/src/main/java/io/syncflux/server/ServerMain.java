package io.syncflux.server;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import io.syncflux.core.HaMonitor;
import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.config.ConfigLoader;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.config.SyncfluxConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The HA monitor daemon: {@code java -jar syncflux-server.jar -config conf/syncflux.toml}.
 *
 * <p>Exit codes: 0 after SIGTERM/SIGINT, 1 when the server cannot start, 2 for bad flags or config.
 * No logger is created before the config is read, so that its {@code loglevel} and the log mode apply.
 */
public final class ServerMain {
    private ServerMain() {
    }

    static final class Flags {
        @Parameter(names = {"-config", "--config"}, description = "config file (default ./conf/syncflux.toml)")
        String config;
        @Parameter(names = {"-logmode", "--logmode"}, description = "log mode: console (stderr) or file")
        String logmode = "console";
        @Parameter(names = {"-logs", "--logs"}, description = "log directory for -logmode file (default [General] logdir)")
        String logs;
        @Parameter(names = {"-pidfile", "--pidfile"}, description = "write the process id to this file")
        String pidfile;
        @Parameter(names = {"-master", "--master"}, description = "master node name (overrides master-db)")
        String master;
        @Parameter(names = {"-slave", "--slave"}, description = "slave node name (overrides slave-db)")
        String slave;
        @Parameter(names = "-v", description = "log level info")
        boolean info;
        @Parameter(names = "-vv", description = "log level debug")
        boolean debug;
        @Parameter(names = "-vvv", description = "log level trace")
        boolean trace;
        @Parameter(names = {"-version", "--version"}, description = "print the version and exit")
        boolean version;
        @Parameter(names = {"-h", "-help", "--help"}, help = true, description = "this help")
        boolean help;
        @Parameter(description = "")
        java.util.List<String> rest = new java.util.ArrayList<>();
    }

    public static void main(String[] args) {
        System.exit(main(args, System.out, System.err));
    }

    /** Parses flags and config, then {@link #run}s; returns the exit code. */
    static int main(String[] args, PrintStream out, PrintStream err) {
        Flags f = new Flags();
        JCommander jc = JCommander.newBuilder().addObject(f).programName("syncflux-server").build();
        try {
            jc.parse(args);
        } catch (ParameterException e) {
            err.println("syncflux-server: " + firstLine(e.getMessage()) + " (see -help)");
            return 2;
        }
        if (!f.rest.isEmpty()) {
            String a = f.rest.get(0);
            err.println("syncflux-server: " + (a.startsWith("-") ? "unknown flag " + a : "unexpected argument \"" + a + "\"")
                    + " (see -help)");
            return 2;
        }
        if (f.help) {
            StringBuilder sb = new StringBuilder();
            jc.getUsageFormatter().usage(sb);
            out.print(sb);
            return 0;
        }
        if (f.version) {
            out.println("syncflux-server " + version());
            return 0;
        }
        if (!f.logmode.equals("console") && !f.logmode.equals("file")) {
            err.println("syncflux-server: -logmode must be console or file, got \"" + f.logmode + "\"");
            return 2;
        }
        SyncfluxConfig config;
        try {
            config = ConfigLoader.load(ConfigLoader.locate(f.config == null ? null : Path.of(f.config)));
            config = config.withNodes(f.master, f.slave);
            config.nodes();
        } catch (SyncfluxException e) {
            err.println("syncflux-server: " + firstLine(e.getMessage()));
            return 2;
        }
        String level = f.trace ? "trace" : f.debug ? "debug" : f.info ? "info" : null;
        if (level != null) {
            config = new SyncfluxConfig(withLoglevel(config.general(), level), config.http(), config.influxdb());
        }
        Path logDir = f.logs != null ? Path.of(f.logs) : config.general().logdir();
        return run(config, logDir, f.logmode.equals("file"), f.pidfile == null ? null : Path.of(f.pidfile));
    }

    private static GeneralConfig withLoglevel(GeneralConfig g, String level) {
        return g.toBuilder().loglevel(level).build();
    }

    /**
     * Runs the daemon until SIGTERM or SIGINT: configures logging (the config's {@code loglevel};
     * {@code logDir/syncflux.log} and {@code logDir/http_access.log} when {@code logToFile}, appended to and
     * reopened on SIGHUP, else stderr), locks {@code datadir} (one daemon per datadir), writes the pid file,
     * starts the HA monitor and the HTTP API, and on the signal stops both gracefully (releasing the port)
     * and deletes the pid file.
     *
     * <p>slf4j-simple reads its settings when the JVM's first logger is created: a caller that already
     * logged keeps its own level and destination.
     *
     * @param logDir  directory of the log files; used only when {@code logToFile}
     * @param pidFile where to write the process id, or null
     * @return 2 when the config names no usable master/slave or the API would be reachable with a default
     *         password, 1 when the server cannot start (another daemon holds {@code datadir}, the port is
     *         taken; the message is logged and printed on stderr); on a
     *         signal the JVM exits once the shutdown is done, with the signal's usual status
     */
    public static int run(SyncfluxConfig config, Path logDir, boolean logToFile, Path pidFile) {
        // with a log file System.err becomes it: messages for the operator go to the original stderr
        PrintStream console = System.err;
        LogFile logFile;
        try {
            logFile = LogSetup.configure(config.general().loglevel(), logToFile ? logDir.resolve("syncflux.log") : null);
        } catch (RuntimeException e) {
            console.println("syncflux-server: " + firstLine(e.getMessage()));
            return 1;
        }
        Logger log = LoggerFactory.getLogger(ServerMain.class);
        log.info("syncflux-server {} starting (pid {})", version(), ProcessHandle.current().pid());
        SyncfluxServer.Builder b = SyncfluxServer.builder().config(config);
        if (logToFile) {
            b.accessLog(logDir.resolve("http_access.log"));
        }
        SyncfluxServer server;
        try {
            server = b.build();
        } catch (RuntimeException e) {
            String m = firstLine(e.getMessage());
            log.error(m);
            console.println("syncflux-server: " + m);
            boolean usage = e instanceof IllegalArgumentException
                    || (e instanceof SyncfluxException se && se.kind() == SyncfluxException.Kind.USAGE);
            return usage ? 2 : 1;
        }
        // the datadir lock before the pid file: a daemon refused must not replace the running one's
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(config.general().datadir(), ProcessHandle.current().pid());
        } catch (SyncfluxException e) {
            String m = firstLine(e.getMessage());
            log.error(m);
            console.println("syncflux-server: " + m);
            server.stop();
            return 1;
        }
        if (pidFile != null) {
            try {
                PidFile.write(pidFile, ProcessHandle.current().pid());
            } catch (IOException e) {
                String m = "cannot write pid file " + pidFile + ": " + e.getMessage();
                log.error(m);
                console.println("syncflux-server: " + m);
                server.stop();
                lock.close();
                return 1;
            }
        }
        return serve(server, pidFile, lock, logFile, console);
    }

    /**
     * Starts the server and runs it until SIGTERM or SIGINT (0, once stopped) or until its monitor fails
     * ({@link #EXIT_FAILED}, once stopped: its service manager restarts it).
     */
    static int serve(SyncfluxServer server, Path pidFile) {
        return serve(server, pidFile, null, null, System.err);
    }

    /**
     * {@link #serve(SyncfluxServer, Path)} for the daemon: releases the datadir lock once stopped, and
     * reopens the log files on SIGHUP.
     *
     * @param lock    the datadir lock, or null
     * @param logFile the log file behind {@code System.err}, or null when logging to stderr
     * @param console where the operator's one-line messages go (the original stderr)
     */
    private static int serve(SyncfluxServer server, Path pidFile, DataDirLock lock, LogFile logFile,
                             PrintStream console) {
        Logger log = LoggerFactory.getLogger(ServerMain.class);
        if (logFile != null) {
            // before the API answers and the monitor runs: a SIGHUP sent as soon as the daemon answers (by
            // logrotate, or a test) must reopen the logs, never find the JVM's default action (exit) in place
            LogRotation.onSighup(logFile, server, log);
        }
        try {
            server.start();
        } catch (RuntimeException | LinkageError e) {
            String m = firstLine(e.getMessage());
            log.error(m);
            console.println("syncflux-server: " + m);
            server.stop();
            deletePid(pidFile);
            release(lock);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<HaMonitor.Termination> failed =
                new java.util.concurrent.atomic.AtomicReference<>();
        server.monitor().termination().thenAccept(t -> {
            if (t.outcome() == HaMonitor.Termination.Outcome.FAILED) {
                failed.set(t);
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("signal received, stopping");
            try {
                server.stop();
            } finally {
                deletePid(pidFile);
                release(lock);
                stopped.countDown();
            }
        }, "syncflux-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop();
            deletePid(pidFile);
        }
        HaMonitor.Termination t = failed.get();
        if (t != null) {
            String m = "the HA monitor failed: " + t.describe() + "; exiting with status " + EXIT_FAILED
                    + " so that the service manager restarts the daemon";
            log.error(m);
            console.println("syncflux-server: " + m);
            server.stop();
            deletePid(pidFile);
            release(lock);
            return EXIT_FAILED;
        }
        return 0;
    }

    /** The exit status when a monitor or verify thread died of an error (EX_SOFTWARE). */
    static final int EXIT_FAILED = 70;

    private static void release(DataDirLock lock) {
        if (lock != null) {
            lock.close();
        }
    }

    private static void deletePid(Path pidFile) {
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // nothing more to do on the way out
            }
        }
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = ServerMain.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // unknown version
        }
        String v = p.getProperty("version", "unknown");
        String c = p.getProperty("commit", "");
        return c.isEmpty() || c.startsWith("${") ? v : v + " (" + c + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
