package io.syncflux.core.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syncflux.core.SyncfluxException;
import io.syncflux.core.TimeWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * A small durable journal of open outages and owed recoveries in {@code <datadir>/journal.json}.
 * Every change is written before it is acted on, atomically: written to a temporary file, forced to
 * disk, then renamed over the journal (and the directory forced), so a crash leaves either the old or
 * the new state, never a mix. A journal that cannot be read is renamed aside
 * ({@code journal.json.corrupt-<time>}) and reported by {@link #setAside()}, never silently dropped.
 * Thread-safe.
 */
public final class RecoveryJournal {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryJournal.class);
    private static final String FILE = "journal.json";

    private final Path dir;
    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private JournalState state;
    private final Path setAside;

    private RecoveryJournal(Path dir, JournalState state, Path setAside) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.state = state;
        this.setAside = setAside;
    }

    /**
     * Opens (or creates) the journal in {@code dir}.
     *
     * @throws SyncfluxException when the directory cannot be created or written
     */
    public static RecoveryJournal open(Path dir, Clock clock) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SyncfluxException(SyncfluxException.Kind.FAILURE, "datadir " + dir + ": cannot create: " + e.getMessage());
        }
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return new RecoveryJournal(dir, JournalState.EMPTY, null);
        }
        try {
            JournalState s = parse(new ObjectMapper().readTree(file.toFile()));
            return new RecoveryJournal(dir, s, null);
        } catch (IOException | RuntimeException e) {
            Path aside = dir.resolve(FILE + ".corrupt-" + clock.instant().toString().replace(':', '-'));
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                throw new SyncfluxException(SyncfluxException.Kind.FAILURE, "journal " + file + " is unreadable ("
                        + oneLine(e) + ") and cannot be set aside: " + moveFailed.getMessage());
            }
            LOG.error("journal {} is unreadable ({}); set aside as {}; windows it held must be verified", file,
                    oneLine(e), aside.getFileName());
            return new RecoveryJournal(dir, JournalState.EMPTY, aside);
        }
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
        Path tmp = dir.resolve(FILE + ".tmp");
        try {
            byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(s));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // some file systems cannot open a directory; the rename is still atomic
            }
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
            n.put("from", p.from());
            n.put("to", p.to());
            n.put("start", p.window().start().toString());
            n.put("end", p.window().end().toString());
            ArrayNode done = n.putArray("done");
            p.done().forEach(done::add);
        }
        return root;
    }

    private static JournalState parse(JsonNode root) throws IOException {
        if (root == null || !root.isObject() || root.path("version").asInt() != 1) {
            throw new IOException("not a SyncFlux journal (version 1)");
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
                    new TimeWindow(Instant.parse(req(n, "start")), Instant.parse(req(n, "end"))), done));
        }
        return new JournalState(heartbeat, outages, pending);
    }

    private static String req(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("pending recovery without \"" + field + "\"");
        }
        return v.asText();
    }
}
