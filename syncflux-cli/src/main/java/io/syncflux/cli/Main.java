package io.syncflux.cli;

import io.syncflux.core.api.AmbiguousRenameException;
import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.config.ConfigLoader;
import io.syncflux.core.config.CopySettings;
import io.syncflux.core.config.NodePair;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.api.Sleeper;
import io.syncflux.core.workflow.NodeWait;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The {@code syncflux} command: parses the flags, loads the config, runs one action through the core
 * library, prints the result and picks the exit code (0 success, 1 node or copy failure, 2 bad flags
 * or config). Flags are those of the original Go tool; see {@code syncflux -h}.
 */
public final class Main {
    private Main() {
    }

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command without exiting, for tests and embedding.
     *
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.console() != null);
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with live progress when {@code interactive}. */
    static int run(String[] args, PrintStream out, PrintStream err, boolean interactive) {
        Printer printer = new Printer(out, err);
        try {
            return dispatch(args, printer, interactive);
        } catch (SyncfluxException e) {
            printer.error(e.getMessage());
            return e.kind() == SyncfluxException.Kind.USAGE ? 2 : 1;
        } catch (RuntimeException e) {
            printer.error("unexpected error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            // the stack trace only for those who asked for it (-vv)
            LoggerFactory.getLogger(Main.class).debug("unexpected error", e);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int dispatch(String[] args, Printer printer, boolean interactive) {
        CliArgs a = CliArgs.parse(args);
        if (a.help) {
            printer.out().print(Usage.text());
            return 0;
        }
        if (a.version) {
            printer.line(Version.line());
            return 0;
        }
        Clock clock = Clock.systemUTC();
        CopyOptions options = a.action.equals("hamonitor") ? null : CopyOptions.from(a, clock.instant());
        SyncfluxConfig config = ConfigLoader.load(ConfigLoader.locate(path("-config", a.config)))
                .withNodes(a.master, a.slave);
        NodePair nodes = config.nodes();
        String verbosity = a.verbosity();
        if (a.action.equals("hamonitor")) {
            Logging.configure(verbosity != null ? verbosity : Logging.fromConfig(config.general().loglevel()));
            path("-logs", a.logs);
            path("-pidfile", a.pidfile);
            return HaMonitorAction.run(config, a);
        }
        Logging.configure(verbosity != null ? verbosity : "warn");
        boolean verbose = verbosity != null;
        CopySettings general = config.general().copy();
        try (InfluxNode m = InfluxNode.connect(nodes.master()); InfluxNode s = InfluxNode.connect(nodes.slave())) {
            NodeWait.oneShot(config.general().monitor()).with(clock, Sleeper.SYSTEM).await(List.of(m, s));
            return switch (a.action) {
                case "replicaschema" -> new ReplicaSchemaAction(printer).run(m, s, options.selection());
                case "copy" -> new CopyAction(printer, interactive, verbose).run(m, s, general, options);
                case "fullcopy" -> new CopyAction(printer, interactive, verbose).runAfterSchema(m, s, general, options);
                case "verify" -> new VerifyAction(printer, a.vv || a.vvv, a.difffile).run(m, s, general,
                        config.general().monitor(), options, CopyOptions.verifyMode(a.verifyMode), a.repair,
                        a.deleteExtra);
                default -> throw new IllegalStateException("action " + a.action);
            };
        } catch (AmbiguousRenameException e) {
            throw SyncfluxException.usage("-newdb \"" + e.newDb() + "\" needs -db to select exactly one database, "
                    + "but it selects " + e.databases().size() + ": " + String.join(", ", e.databases()));
        }
    }

    private static Path path(String flag, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw SyncfluxException.usage(flag + ": invalid path \"" + value + "\": " + e.getReason());
        }
    }
}
