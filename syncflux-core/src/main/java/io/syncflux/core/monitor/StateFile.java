package io.syncflux.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syncflux.core.TimeWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps a {@link DurableState} in a small JSON file, replaced atomically on every save so that a crash
 * leaves either the old or the new content. Not thread-safe: one owner saves.
 */
public final class StateFile {
    private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);
    private static final int VERSION = 1;

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    public StateFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The file's path. */
    public Path path() {
        return file;
    }

    /**
     * Reads the state; a missing file is {@link DurableState#EMPTY}. A file that cannot be read or parsed
     * is logged, kept aside as {@code <name>.corrupt} and treated as empty.
     */
    public DurableState load() {
        if (!Files.exists(file)) {
            return DurableState.EMPTY;
        }
        try {
            JsonNode root = json.readTree(file.toFile());
            List<TimeWindow> owed = new ArrayList<>();
            List<Boolean> manual = new ArrayList<>();
            for (JsonNode w : root.path("owed")) {
                owed.add(new TimeWindow(Instant.parse(w.get("start").asText()), Instant.parse(w.get("end").asText())));
                manual.add(w.path("manual").asBoolean(false));
            }
            JsonNode since = root.get("outageSince");
            return new DurableState(owed, manual, since == null || since.isNull() ? null : Instant.parse(since.asText()));
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            LOG.error("cannot read monitor state {} ({}); moved to {} and starting with nothing owed", file,
                    e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // the warning above is all we can do
            }
            return DurableState.EMPTY;
        }
    }

    /**
     * Writes the state atomically.
     *
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public void save(DurableState s) {
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        ArrayNode owed = root.putArray("owed");
        for (int i = 0; i < s.owed().size(); i++) {
            TimeWindow w = s.owed().get(i);
            owed.addObject().put("start", w.start().toString()).put("end", w.end().toString())
                    .put("manual", s.manual().get(i));
        }
        root.put("outageSince", s.outageSince() == null ? null : s.outageSince().toString());
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write monitor state " + file + ": " + e.getMessage(), e);
        }
    }
}
