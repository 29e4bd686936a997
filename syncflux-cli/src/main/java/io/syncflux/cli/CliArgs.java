package io.syncflux.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.config.KeySuggester;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line flags, named as in the original tool (single dash, Go {@code flag} style). Go's
 * spellings {@code --flag} and {@code -flag=value} are accepted too.
 */
final class CliArgs {
    /** The actions, in the order the usage lists them. */
    static final List<String> ACTIONS = List.of("hamonitor", "copy", "fullcopy", "replicaschema", "verify");

    /** The flags without a value (read from the boolean fields below), for {@link #normalize}. */
    private static final Set<String> BOOLEAN_FLAGS = flagNames(true);
    /** The flags that take a value (read from the other fields below), for {@link #normalize}. */
    private static final Set<String> VALUE_FLAGS = flagNames(false);
    /** Words people type for a flag that edit distance cannot link to it (no dash), for the suggestions. */
    private static final Map<String, String> WORDS = Map.ofEntries(Map.entry("database", "-db"),
            Map.entry("databases", "-db"), Map.entry("measurement", "-meas"), Map.entry("measurements", "-meas"),
            Map.entry("retention", "-rp"), Map.entry("retention-policy", "-rp"), Map.entry("policy", "-rp"),
            Map.entry("from", "-start"), Map.entry("to", "-end"), Map.entry("until", "-end"),
            Map.entry("verbose", "-v"), Map.entry("debug", "-vv"), Map.entry("trace", "-vvv"),
            Map.entry("conf", "-config"));

    @Parameter(names = "-action")
    String action = "hamonitor";
    @Parameter(names = "-chunk")
    String chunk;
    @Parameter(names = "-config")
    String config;
    @Parameter(names = "-copyorder")
    String copyorder;
    @Parameter(names = "-db")
    String db;
    @Parameter(names = "-delete-extra")
    boolean deleteExtra;
    @Parameter(names = "-difffile")
    String difffile;
    @Parameter(names = "-end")
    String end;
    @Parameter(names = "-full")
    boolean full;
    @Parameter(names = "-logmode")
    String logmode = "console";
    @Parameter(names = "-logs")
    String logs;
    @Parameter(names = "-master")
    String master;
    @Parameter(names = "-meas")
    String meas;
    @Parameter(names = "-newdb")
    String newdb;
    @Parameter(names = "-newrp")
    String newrp;
    @Parameter(names = "-pidfile")
    String pidfile;
    @Parameter(names = "-rate")
    String rate;
    @Parameter(names = "-repair")
    boolean repair;
    @Parameter(names = "-rp")
    String rp;
    @Parameter(names = "-slave")
    String slave;
    @Parameter(names = "-start")
    String start;
    @Parameter(names = "-verify-mode")
    String verifyMode;
    @Parameter(names = "-v")
    boolean v;
    @Parameter(names = "-version")
    boolean version;
    @Parameter(names = "-vv")
    boolean vv;
    @Parameter(names = "-vvv")
    boolean vvv;
    @Parameter(names = {"-h", "-help"})
    boolean help;
    @Parameter
    List<String> rest = new ArrayList<>();

    private CliArgs() {
    }

    /**
     * Parses and checks the flags that need no config.
     *
     * @throws SyncfluxException (usage) with a one-line message
     */
    static CliArgs parse(String[] args) {
        CliArgs a = new CliArgs();
        try {
            JCommander.newBuilder().addObject(a).expandAtSign(false).build().parse(normalize(args));
        } catch (ParameterException e) {
            throw SyncfluxException.usage(translate(e.getMessage()));
        }
        if (!a.rest.isEmpty()) {
            String first = a.rest.get(0);
            throw SyncfluxException.usage(first.startsWith("-") && first.length() > 1
                    ? "flag provided but not defined: " + first + suggestFlag(first) + " (see -h)"
                    : "unexpected argument \"" + first + "\" (flags start with -, see -h)");
        }
        a.action = a.action.trim().toLowerCase(Locale.ROOT);
        if (!ACTIONS.contains(a.action)) {
            // as for flags: one edit for short words, two from five letters ("nope" is not a "copy")
            String hint = KeySuggester.closest(a.action, ACTIONS, a.action.length() >= 5 ? 2 : 1)
                    .map(x -> "did you mean \"" + x + "\"? ").orElse("");
            throw SyncfluxException.usage("unknown action \"" + a.action + "\" (" + hint + "use "
                    + String.join(", ", ACTIONS) + ")");
        }
        if (!a.logmode.equals("console") && !a.logmode.equals("file")) {
            throw SyncfluxException.usage("-logmode: unknown mode \"" + a.logmode + "\" (use console or file)");
        }
        if (a.full && (a.start != null || a.end != null)) {
            throw SyncfluxException.usage("-full copies the whole retention; do not combine it with -start or -end");
        }
        if (a.repair && !a.action.equals("verify")) {
            throw SyncfluxException.usage("-repair is only valid with -action verify");
        }
        if (a.verifyMode != null && !a.action.equals("verify")) {
            throw SyncfluxException.usage("-verify-mode is only valid with -action verify");
        }
        if (a.difffile != null && !a.action.equals("verify")) {
            throw SyncfluxException.usage("-difffile is only valid with -action verify");
        }
        if (a.deleteExtra && !a.repair) {
            throw SyncfluxException.usage("-delete-extra is only valid with -action verify -repair");
        }
        if (a.action.equals("verify")) {
            CopyOptions.verifyMode(a.verifyMode);
        }
        if (a.action.equals("hamonitor")) {
            for (String[] f : new String[][] {{"-start", a.start}, {"-end", a.end}, {"-chunk", a.chunk},
                    {"-db", a.db}, {"-rp", a.rp}, {"-meas", a.meas}, {"-newdb", a.newdb}, {"-newrp", a.newrp},
                    {"-copyorder", a.copyorder}}) {
                if (f[1] != null) {
                    throw SyncfluxException.usage(f[0] + " is not valid with -action hamonitor");
                }
            }
            if (a.full) {
                throw SyncfluxException.usage("-full is not valid with -action hamonitor");
            }
        }
        return a;
    }

    /** The names of the flags declared below, those of boolean fields or those of the others. */
    private static Set<String> flagNames(boolean booleans) {
        Set<String> names = new HashSet<>();
        for (Field f : CliArgs.class.getDeclaredFields()) {
            Parameter p = f.getAnnotation(Parameter.class);
            if (p != null && (f.getType() == boolean.class) == booleans) {
                names.addAll(List.of(p.names()));
            }
        }
        return Set.copyOf(names);
    }

    /**
     * " (did you mean -start?)" for an unknown flag, written in any of the accepted spellings ({@code -strat},
     * {@code --strat}, {@code -strat=1}), when one flag is close: at most one edit away (two for names of
     * five letters or more), a known word for it ({@code -database}), or the only flag that the name begins
     * or ends ({@code -verify}, {@code -extra}). Else "".
     */
    static String suggestFlag(String arg) {
        String name = arg.replaceFirst("^-+", "");
        int eq = name.indexOf('=');
        name = (eq >= 0 ? name.substring(0, eq) : name).toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            return "";
        }
        Set<String> flags = new HashSet<>(BOOLEAN_FLAGS);
        flags.addAll(VALUE_FLAGS);
        List<String> names = flags.stream().map(f -> f.substring(1)).sorted().toList();
        String word = name;
        Optional<String> hint = Optional.ofNullable(WORDS.get(name)).map(f -> f.substring(1))
                .or(() -> KeySuggester.closest(word, names, word.length() >= 5 ? 2 : 1));
        if (hint.isEmpty() && name.length() >= 3) {
            List<String> parts = names.stream()
                    .filter(f -> f.startsWith(word + "-") || f.endsWith("-" + word)).toList();
            if (parts.size() == 1) {
                hint = Optional.of(parts.get(0));
            }
        }
        return hint.map(f -> " (did you mean -" + f + "?)").orElse("");
    }

    /** The slf4j-simple level the flags ask for, or null when none of -v, -vv, -vvv is given. */
    String verbosity() {
        return vvv ? "trace" : vv ? "debug" : v ? "info" : null;
    }

    /** Rewrites {@code --flag} to {@code -flag} and {@code -flag=value} to two arguments. */
    static String[] normalize(String[] args) {
        List<String> out = new ArrayList<>();
        boolean expectValue = false;
        for (String arg : args) {
            if (expectValue) {
                out.add(arg);
                expectValue = false;
                continue;
            }
            String s = arg.startsWith("--") && arg.length() > 2 ? arg.substring(1) : arg;
            int eq = s.indexOf('=');
            String name = eq > 0 ? s.substring(0, eq) : s;
            if (VALUE_FLAGS.contains(name)) {
                out.add(name);
                if (eq > 0) {
                    out.add(s.substring(eq + 1));
                } else {
                    expectValue = true;
                }
            } else if (BOOLEAN_FLAGS.contains(name)) {
                String value = eq > 0 ? s.substring(eq + 1).toLowerCase(Locale.ROOT) : "true";
                switch (value) {
                    case "true", "1", "t" -> out.add(name);
                    case "false", "0", "f" -> {
                        // Go's -flag=false: leave the default
                    }
                    default -> throw SyncfluxException.usage("invalid boolean value \"" + value + "\" for " + name);
                }
            } else {
                out.add(arg);
            }
        }
        return out.toArray(new String[0]);
    }

    private static String translate(String message) {
        if (message == null) {
            return "invalid arguments";
        }
        if (message.startsWith("Expected a value after parameter ")) {
            return "flag needs an argument: " + message.substring("Expected a value after parameter ".length());
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
