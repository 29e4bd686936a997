package io.syncflux.core.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syncflux.core.api.AtomicFile;
import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.api.TimeWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A small durable journal of open outages and owed recoveries in one JSON file under the datadir.
 * Every change is written before it is acted on, atomically: written to a temporary file, forced to
 * disk, then renamed over the journal (and the directory forced), so a crash leaves either the old or
 * the new state, never a mix. A journal that cannot be read is renamed aside
 * ({@code <name>.corrupt-<time>}) and reported by {@link #setAside()}, never silently dropped.
 * Thread-safe.
 */
public final class RecoveryJournal implements JournalStore {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryJournal.class);
    private static final String FILE = "journal.json";

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private JournalState state;
    private final Path setAside;

    private RecoveryJournal(Path file, JournalState state, Path setAside) {
        this.file = file;
        this.state = state;
        this.setAside = setAside;
    }

    /**
     * Where a monitor of this pair keeps its journal by default: {@code <datadir>/hamonitor-<master>-<slave>.json},
     * each character of the names other than letters, digits, {@code .}, {@code _} and {@code -} replaced by
     * {@code _} (a node name may hold a {@code /} or a space). The daemon and {@code HaMonitor.Builder.config}
     * use it, so that an embedded monitor finds the journal the daemon wrote.
     */
    public static Path defaultFile(Path datadir, String master, String slave) {
        String name = ("hamonitor-" + master + "-" + slave).replaceAll("[^A-Za-z0-9._-]", "_");
        return datadir.resolve(name + ".json");
    }

    /**
     * Opens (or creates) {@code journal.json} in {@code dir}.
     *
     * @throws SyncfluxException when the directory cannot be created or an unreadable journal cannot be set aside
     */
    public static RecoveryJournal open(Path dir, Clock clock) {
        return open(dir.resolve(FILE), clock, null, null);
    }

    /**
     * Opens (or creates) the journal {@code file}. A state file of an earlier release (owed windows and an
     * open slave outage, without node names) is read as owed by {@code slave} from {@code master}, so that
     * nothing it held is lost; it is rewritten in the journal format at the first change.
     *
     * @param master the master's name, for reading an earlier release's state file; may be null
     * @param slave  the slave's name, idem
     * @throws SyncfluxException when the directory cannot be created or an unreadable journal cannot be set aside
     */
    public static RecoveryJournal open(Path file, Clock clock, String master, String slave) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SyncfluxException(SyncfluxException.Kind.FAILURE, "datadir " + dir + ": cannot create: " + e.getMessage());
        }
        if (!Files.exists(file)) {
            return new RecoveryJournal(file, JournalState.EMPTY, null);
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            JournalState s = root != null && root.has("owed") && master != null && slave != null
                    ? legacy(root, master, slave) : parse(root);
            return new RecoveryJournal(file, s, null);
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.instant().toString().replace(':', '-'));
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                throw new SyncfluxException(SyncfluxException.Kind.FAILURE, "journal " + file + " is unreadable ("
                        + oneLine(e) + ") and cannot be set aside: " + moveFailed.getMessage());
            }
            LOG.error("journal {} is unreadable ({}); set aside as {}; windows it held must be verified", file,
                    oneLine(e), aside.getFileName());
            return new RecoveryJournal(file, JournalState.EMPTY, aside);
        }
    }

    /** The state file of releases before the journal: {@code owed} windows and {@code outageSince}. */
    private static JournalState legacy(JsonNode root, String master, String slave) {
        List<PendingRecovery> pending = new ArrayList<>();
        int n = 0;
        for (JsonNode w : root.path("owed")) {
            TimeWindow window = new TimeWindow(Instant.parse(w.get("start").asText()), Instant.parse(w.get("end").asText()));
            String kind = w.path("manual").asBoolean(false) ? "manual:" : "outage:";
            pending.add(new PendingRecovery(kind + "legacy-" + n++, master, slave, window, List.of()));
        }
        Map<String, Instant> outages = new TreeMap<>();
        JsonNode since = root.get("outageSince");
        if (since != null && !since.isNull()) {
            outages.put(slave, Instant.parse(since.asText()));
        }
        LOG.info("read the state file of an earlier release: {} owed windows{}", pending.size(),
                outages.isEmpty() ? "" : ", slave down since " + outages.get(slave));
        return new JournalState(null, outages, pending);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Where an unreadable journal was moved at open, if it was. */
    public Optional<Path> setAside() {
        return Optional.ofNullable(setAside);
    }

    /** The journal file. */
    public Path path() {
        return file;
    }

    /** Same as {@link #state()}: the file was read when it was opened. */
    @Override
    public JournalState load() {
        return state();
    }

    /** Writes {@code s} atomically, unless it equals the current state. */
    @Override
    public void save(JournalState s) {
        update(old -> s);
    }

    /** Names the file an unreadable journal was set aside as, if it was. */
    @Override
    public String loadProblem() {
        return setAside().map(p -> "journal " + file + " was unreadable and set aside as " + p.getFileName()
                + "; the windows it held are unknown and must be verified by hand").orElse(null);
    }

    /** The current state. */
    public synchronized JournalState state() {
        return state;
    }

    /**
     * Applies a change and persists it before returning.
     *
     * @throws SyncfluxException when the journal cannot be written (the state is then unchanged)
     */
    public synchronized JournalState update(UnaryOperator<JournalState> change) {
        JournalState next = change.apply(state);
        if (next.equals(state)) {
            return state;
        }
        write(next);
        state = next;
        return next;
    }

    private void write(JournalState s) {
        try {
            AtomicFile.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(s)));
        } catch (IOException e) {
            throw new SyncfluxException(SyncfluxException.Kind.FAILURE, "journal " + file + ": cannot write: "
                    + e.getMessage());
        }
    }

    private ObjectNode toJson(JournalState s) {
        ObjectNode root = json.createObjectNode();
        root.put("version", 1);
        if (s.heartbeat() != null) {
            root.put("heartbeat", s.heartbeat().toString());
        }
        ObjectNode outages = root.putObject("openOutages");
        s.openOutages().forEach((k, v) -> outages.put(k, v.toString()));
        ArrayNode pending = root.putArray("pending");
        for (PendingRecovery p : s.pending()) {
            ObjectNode n = pending.addObject();
            n.put("id", p.id());
            putNodes(n, p.from(), p.to());
            putRange(n, p.window().start(), p.window().end());
            ArrayNode done = n.putArray("done");
            p.done().forEach(done::add);
        }
        ArrayNode rejected = root.putArray("rejected");
        for (RejectedRange r : s.rejected()) {
            ObjectNode n = rejected.addObject();
            putNodes(n, r.from(), r.to());
            n.put("db", r.db());
            n.put("rp", r.rp());
            n.put("measurement", r.measurement());
            putRange(n, r.start(), r.end());
            n.put("reason", r.reason());
            n.put("at", r.at().toString());
        }
        return root;
    }

    /** The nodes an entry is about, recovered from and to: {@code from}, {@code to}. */
    private static void putNodes(ObjectNode n, String from, String to) {
        n.put("from", from);
        n.put("to", to);
    }

    /** A time range as {@code start} and {@code end}, ISO-8601 instants. */
    private static void putRange(ObjectNode n, Instant start, Instant end) {
        n.put("start", start.toString());
        n.put("end", end.toString());
    }

    private static JournalState parse(JsonNode root) throws IOException {
        if (root == null || !root.isObject() || root.path("version").asInt() != 1) {
            throw new IOException("not a SyncFlux journal (version 1)");
        }
        if (root.has("owed")) {
            throw new IOException("a state file of an earlier release, not a journal");
        }
        Instant heartbeat = root.hasNonNull("heartbeat") ? Instant.parse(root.get("heartbeat").asText()) : null;
        Map<String, Instant> outages = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("openOutages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            outages.put(e.getKey(), Instant.parse(e.getValue().asText()));
        }
        List<PendingRecovery> pending = new ArrayList<>();
        for (JsonNode n : root.path("pending")) {
            List<String> done = new ArrayList<>();
            n.path("done").forEach(d -> done.add(d.asText()));
            pending.add(new PendingRecovery(req(n, "id"), req(n, "from"), req(n, "to"),
                    new TimeWindow(instant(n, "start"), instant(n, "end")), done));
        }
        List<RejectedRange> rejected = new ArrayList<>();
        for (JsonNode n : root.path("rejected")) {
            rejected.add(new RejectedRange(req(n, "from"), req(n, "to"), req(n, "db"), req(n, "rp"),
                    req(n, "measurement"), instant(n, "start"), instant(n, "end"), req(n, "reason"),
                    instant(n, "at")));
        }
        return new JournalState(heartbeat, outages, pending, rejected);
    }

    private static Instant instant(JsonNode n, String field) throws IOException {
        return Instant.parse(req(n, field));
    }

    private static String req(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("journal entry without \"" + field + "\"");
        }
        return v.asText();
    }
}
