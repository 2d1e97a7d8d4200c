package io.kmsmig.state;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.formats.FormatException;
import io.kmsmig.formats.LargeDocuments;
import io.kmsmig.formats.ParsedDocument;
import io.kmsmig.formats.Problem;
import io.kmsmig.formats.SchemaCheck;
import io.kmsmig.formats.YamlReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes a state file: {@code <state>} (a JSON snapshot) plus {@code <state>.journal} (one JSON record
 * per change, appended during apply), folded into the snapshot by {@link #compact}. The previous snapshot is kept
 * as {@code <state>.backup}; snapshots are written to a temp file, synced, and moved into place; files are 0600.
 */
public final class StateStore {
    static final String SCHEMA = "state.v1.schema.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Path file;
    private final Clock clock;

    public StateStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    public Path journalFile() {
        return file.resolveSibling(file.getFileName() + ".journal");
    }

    public Path backupFile() {
        return file.resolveSibling(file.getFileName() + ".backup");
    }

    /** The state as of the last record: the snapshot with the journal replayed. Empty when neither exists. */
    public State load(String specName) {
        State s = Files.exists(file) ? readSnapshot() : State.empty(specName);
        if (s.specName() != null && specName != null && !s.specName().equals(specName)) {
            throw invalid(file + " is the state of migration '" + s.specName() + "', not of '" + specName + "' (the spec's "
                    + "name). Two migrations must not share a state file: point state: in the spec at this migration's "
                    + "own file. Nothing was applied.");
        }
        Path journal = journalFile();
        if (!Files.exists(journal)) {
            return s;
        }
        List<String> lines;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(journal);
        } catch (IOException e) {
            throw invalid("cannot read " + journal + ": " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        lines = List.of(text.split("\n", -1));
        Map<String, SecretState> secrets = new HashMap<>(s.secrets());
        String lineage = s.lineage();
        long serial = s.serial();
        String specSha = s.specSha256();
        ApplyRecord lastApply = s.lastApply();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean last = i == lines.size() - 1;
            if (line.isBlank()) {
                continue;
            }
            JsonNode rec;
            try {
                rec = JSON.readTree(line);
            } catch (RuntimeException e) {
                if (last) {
                    break; // a record cut short by a crash: it was never done, so it is not replayed
                }
                throw invalid(journal + " line " + (i + 1) + " is corrupt; the state before this apply is in " + file);
            }
            String recLineage = rec.path("lineage").asString("");
            if (lineage != null && !lineage.equals(recLineage)) {
                throw invalid(journal + " belongs to another state (lineage " + recLineage + ", the state file's is "
                        + lineage + "). Move it away if it is left over from another migration.");
            }
            lineage = recLineage;
            serial = Math.max(serial, rec.path("serial").asLong());
            if (rec.has("secret")) {
                SecretState ss = StateCodec.secret(rec.get("secret"));
                secrets.put(ss.sourceName(), ss);
            }
            if (rec.has("last_apply")) {
                lastApply = StateCodec.apply(rec.get("last_apply"));
            }
            if (rec.has("spec_sha256")) {
                specSha = rec.get("spec_sha256").asString();
            }
        }
        return new State(State.FORMAT_VERSION, lineage, serial, s.specName(), specSha, clock.instant(), secrets, lastApply);
    }

    private State readSnapshot() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw invalid("cannot read " + file + ": " + e.getMessage());
        }
        ParsedDocument doc;
        try {
            doc = LargeDocuments.read(YamlReader.Limits.LARGE, bytes);
        } catch (FormatException e) {
            throw invalid(file + " is unreadable (truncated or corrupted?): " + e.problems().get(0).message()
                    + ". The previous state is in " + backupFile() + "; nothing was applied.");
        }
        JsonNode v = doc.root().path("format_version");
        if (v.isIntegralNumber() && v.asInt() > State.FORMAT_VERSION) {
            throw invalid(file + " is state format version " + v.asInt() + ", newer than this kmsmig reads (version "
                    + State.FORMAT_VERSION + "). Upgrade kmsmig.");
        }
        List<Problem> problems = SchemaCheck.of(SCHEMA).validate(doc);
        if (!problems.isEmpty()) {
            Problem p = problems.get(0);
            throw invalid(file + " is not a valid state file: " + p.fieldPath() + ": " + p.message() + " (line "
                    + (p.position() == null ? "?" : p.position().line()) + "). The previous state is in " + backupFile()
                    + "; nothing was applied.");
        }
        return StateCodec.read(doc.root());
    }

    private static KmsmigException invalid(String msg) {
        return new KmsmigException(ErrorCode.STATE_INVALID, msg);
    }

    /** Starts appending changes to {@code base}; a state that did not exist gets its lineage now. */
    public Journal openJournal(State base, String specSha256) {
        return new Journal(this, base, specSha256, clock);
    }

    /** Writes {@code s} as the snapshot (backing up the previous one) and removes the journal. */
    public void compact(State s) {
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            if (Files.exists(abs)) {
                Files.copy(abs, backupFile(), StandardCopyOption.REPLACE_EXISTING);
            }
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            create(tmp);
            byte[] bytes = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(StateCodec.write(s)) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(journalFile());
        } catch (IOException e) {
            throw new KmsmigException(ErrorCode.STATE_INVALID, "Cannot write the state file " + file + ": " + e.getMessage()
                    + ". The journal " + journalFile() + " still holds every change.");
        }
    }

    /** Creates a file readable and writable by its owner only (0600), where the file system allows. */
    static void create(Path p) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(p, PosixFilePermissions.asFileAttribute(Set.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        } else {
            Files.createFile(p);
        }
    }
}
