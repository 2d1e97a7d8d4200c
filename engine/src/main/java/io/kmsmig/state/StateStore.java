package io.kmsmig.state;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.diag.Program;
import io.kmsmig.formats.FormatException;
import io.kmsmig.formats.LargeDocuments;
import io.kmsmig.formats.ParsedDocument;
import io.kmsmig.formats.PrivateFiles;
import io.kmsmig.formats.Problem;
import io.kmsmig.formats.SchemaCheck;
import io.kmsmig.formats.YamlReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
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
    private final String specArg;

    /** A store whose messages name the spec as {@code SPEC}. */
    public StateStore(Path file, Clock clock) {
        this(file, clock, "SPEC");
    }

    /** A store whose messages name the spec as the user gave it ({@code specArg}), so commands they print run as is. */
    public StateStore(Path file, Clock clock, String specArg) {
        this.file = file;
        this.clock = clock;
        this.specArg = specArg;
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
        return read(specName).state();
    }

    /**
     * The state read, and a warning for each torn journal tail skipped (a record a crash cut short: never completed,
     * so nothing depended on it). A corrupt record that is not a torn tail stops kmsmig with the command that repairs.
     *
     * @param state    the state as of the last complete record
     * @param warnings what was skipped, for the user (names only, never values)
     */
    public record Loaded(State state, List<String> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    /** Reads the state, skipping torn journal tails (see {@link Loaded}). Writes nothing. */
    public Loaded read(String specName) {
        State s = Files.exists(file) ? readSnapshot() : State.empty(specName);
        if (s.specName() != null && specName != null && !s.specName().equals(specName)) {
            throw invalid(
                    file + " is the state of migration '" + s.specName() + "', not of '" + specName + "' (the spec's "
                            + "name). Two migrations must not share a state file: point state: in the spec at this migration's "
                            + "own file. Nothing was applied.");
        }
        Path journal = journalFile();
        if (!Files.exists(journal)) {
            return new Loaded(s, List.of());
        }
        JournalFormat.Scan scan = JournalFormat.scan(readJournal());
        if (!scan.corrupt().isEmpty()) {
            throw invalid("The state journal is damaged: "
                    + scan.corrupt().get(0).describe(journal) + ". It is not a record "
                    + "cut short by a crash (those are skipped): the record was written whole, or records of the same "
                    + "command follow it, so kmsmig will not guess. Repair it with:\n  " + Program.name()
                    + " state repair -f " + specArg
                    + "\nwhich keeps every readable "
                    + "record, sets the damaged bytes aside in " + damagedFile() + " and says what they were. Do not "
                    + "delete the journal: it holds kmsmig's record of what it did "
                    + (Files.exists(file)
                            ? "since " + file + " was written."
                            : "on this state (" + file + " is first written when an apply ends)."));
        }
        Map<String, SecretState> secrets = new HashMap<>(s.secrets());
        String lineage = s.lineage();
        long serial = s.serial();
        String specSha = s.specSha256();
        ApplyRecord lastApply = s.lastApply();
        for (JournalFormat.Rec r : scan.records()) {
            JsonNode rec = r.node();
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
        List<String> warnings = scan.torn().stream()
                .map(d -> "skipped a record cut short by a crash: " + d.describe(journal)
                        + ". It was never completed; the state keeps that secret's previous record, and apply reconciles it "
                        + "with KMS. The next apply, verify or plan drops it from the journal.")
                .toList();
        return new Loaded(
                new State(
                        State.FORMAT_VERSION,
                        lineage,
                        serial,
                        s.specName(),
                        specSha,
                        clock.instant(),
                        secrets,
                        lastApply),
                warnings);
    }

    /** What a repair dropped from the journal (empty when there was nothing to repair). */
    public record Repair(List<String> dropped) {
        public Repair {
            dropped = List.copyOf(dropped);
        }
    }

    /**
     * Rewrites the journal without its torn tails (and, with {@code corruptToo}, without corrupt records too), keeping
     * the dropped bytes in {@link #damagedFile()}. Call it holding the state lock. Atomic: killed at any moment, the
     * journal is either the old one or the repaired one.
     */
    public Repair repair(boolean corruptToo) {
        Path journal = journalFile();
        if (!Files.exists(journal)) {
            return new Repair(List.of());
        }
        byte[] bytes = readJournal();
        JournalFormat.Scan scan = JournalFormat.scan(bytes);
        if (!scan.corrupt().isEmpty() && !corruptToo) {
            read(null); // throws the corruption, with the command that repairs it
        }
        List<JournalFormat.Damage> dropped = new ArrayList<>(scan.torn());
        dropped.addAll(scan.corrupt());
        if (dropped.isEmpty() && (bytes.length == 0 || bytes[bytes.length - 1] == '\n')) {
            return new Repair(List.of());
        }
        dropped.sort(Comparator.comparingInt(JournalFormat.Damage::offset));
        ByteArrayOutputStream kept = new ByteArrayOutputStream(bytes.length);
        for (JournalFormat.Rec r : scan.records()) {
            kept.write(bytes, r.offset(), r.length());
            if (bytes[r.offset() + r.length() - 1] != '\n') {
                kept.write('\n'); // a complete record whose newline was cut off: the next one must not merge with it
            }
        }
        ByteArrayOutputStream aside = new ByteArrayOutputStream();
        for (JournalFormat.Damage d : dropped) {
            aside.writeBytes(("# " + clock.instant() + " dropped from " + journal.getFileName() + ": "
                            + d.describe(journal.getFileName()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            aside.write(bytes, d.offset(), d.length());
            aside.write('\n');
        }
        try {
            if (aside.size() > 0) {
                Path damaged = damagedFile();
                if (Files.isSymbolicLink(damaged)) {
                    // the dropped bytes are whatever the journal held: never appended to a file a planted link names
                    throw invalid(damaged + " is a symbolic link (to " + Files.readSymbolicLink(damaged) + "): kmsmig "
                            + "does not append the journal's dropped bytes through a link. Remove it (rm " + damaged
                            + ") and run the command again. " + journal + " is unchanged.");
                }
                if (!Files.exists(damaged, LinkOption.NOFOLLOW_LINKS)) {
                    create(damaged);
                }
                try (FileChannel ch = FileChannel.open(
                        damaged, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
                    writeFully(ch, aside.toByteArray());
                    ch.force(true);
                }
            }
            writeAtomically(journal, kept.toByteArray());
        } catch (IOException e) {
            throw invalid("Cannot repair " + journal + ": " + e.getMessage() + ". It is unchanged.");
        }
        return new Repair(dropped.stream().map(d -> d.describe(journal)).toList());
    }

    /** Where a repair keeps the bytes it dropped from the journal, for inspection. */
    public Path damagedFile() {
        return file.resolveSibling(file.getFileName() + ".journal.damaged");
    }

    private byte[] readJournal() {
        try {
            return Files.readAllBytes(journalFile());
        } catch (IOException e) {
            throw invalid("cannot read " + journalFile() + ": " + e.getMessage());
        }
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
            Problem p = e.problems().get(0);
            throw invalid(file
                    + (p.position() == null
                            ? ""
                            : ":" + p.position().line() + ":" + p.position().column())
                    + " is unreadable (truncated or corrupted?): " + p.message() + " " + previous());
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
                    + (p.position() == null ? "?" : p.position().line()) + "). " + previous());
        }
        return StateCodec.read(doc.root());
    }

    /** Where the state before the last change is, said only when that file exists; and that nothing changed. */
    private String previous() {
        String where = Files.isRegularFile(backupFile())
                ? "The previous state is in " + backupFile() + " (copy it over " + file + " to go back to it)"
                : "There is no backup to go back to (" + backupFile() + " does not exist; it is written from the "
                        + "second state write on): restore " + file + " from your own copy";
        return where + "; nothing was changed.";
    }

    private static KmsmigException invalid(String msg) {
        return new KmsmigException(ErrorCode.STATE_INVALID, msg);
    }

    /** Starts appending changes to {@code base}; a state that did not exist gets its lineage now. */
    public Journal openJournal(State base, String specSha256) {
        return new FileJournal(this, base, specSha256, clock);
    }

    /** Writes {@code s} as the snapshot (backing up the previous one) and removes the journal. */
    public void compact(State s) {
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            if (Files.exists(abs)) {
                Files.copy(abs, backupFile(), StandardCopyOption.REPLACE_EXISTING);
            }
            byte[] bytes = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(StateCodec.write(s)) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            writeAtomically(abs, bytes);
            Files.deleteIfExists(journalFile());
        } catch (IOException e) {
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    "Cannot write the state file " + file + ": " + e.getMessage() + ". The journal " + journalFile()
                            + " still holds every change.");
        }
    }

    /**
     * Writes {@code bytes} owner-only to a fresh temp file of a random name, syncs it, and moves it over {@code target}
     * (atomically where supported), every byte written even when the disk fills ({@link #writeFully}).
     */
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        PrivateFiles.writeAtomically(target.toAbsolutePath(), ch -> writeFully(ch, bytes));
    }

    /**
     * Writes all of {@code bytes} at the channel's position. One {@link FileChannel#write} may write only some of them
     * and return normally (a full disk, a file size limit: write(2) returns a short count); the next write then fails
     * with the error. Ignoring the count would leave a record or snapshot cut short while kmsmig goes on as if it were
     * written: a truncated state file moved into place, an intent "synced" before its KMS call but torn on disk.
     */
    static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Creates a file readable and writable by its owner only (0600), where the file system allows. */
    static void create(Path p) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(
                    p,
                    PosixFilePermissions.asFileAttribute(
                            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        } else {
            Files.createFile(p);
        }
    }
}
