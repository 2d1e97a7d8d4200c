package io.kmsmig.plan;

import io.kmsmig.diag.Diagnostic;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.diag.Program;
import io.kmsmig.formats.FilePaths;
import io.kmsmig.formats.FormatException;
import io.kmsmig.formats.LargeDocuments;
import io.kmsmig.formats.ParsedDocument;
import io.kmsmig.formats.Position;
import io.kmsmig.formats.Problem;
import io.kmsmig.formats.SchemaCheck;
import io.kmsmig.formats.YamlReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The saved plan ({@code plan -o FILE}): the plan JSON plus a {@code plan_id} and a {@code checksum} over the rest,
 * so a damaged or truncated file is refused. The checksum is no seal (anyone can recompute it): apply trusts no
 * parameter in the file and holds it against the plan made again ({@code apply.StaleCheck}). Holds no secret value:
 * safe to upload as a CI artifact.
 */
public final class PlanFile {
    public static final String SCHEMA = "plan.v2.schema.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlanFile() {}

    /** A plan read back from a file, with its id. */
    public record Saved(Plan plan, String planId) {}

    /** The document a saved plan holds: the plan JSON, then plan_id and checksum. */
    public static ObjectNode document(Plan plan, String kmsmigVersion) {
        ObjectNode body = PlanJson.write(plan, kmsmigVersion);
        String checksum = checksum(body);
        body.put("plan_id", planId(checksum));
        body.put("checksum", "sha256:" + checksum);
        return body;
    }

    /**
     * Where {@code plan -o file} writes: through symbolic links to their target (a move onto a link would replace the
     * link, and as root {@code -o /dev/stdout} turned /dev/stdout into a regular file), refusing a target that exists
     * and is not a regular file (a device, directory or pipe), before anything runs. {@code label} is the name as given.
     */
    public static Path target(Path file, String label) {
        List<Path> chain;
        try {
            chain = FilePaths.linkChain(file);
        } catch (IllegalArgumentException e) {
            throw new KmsmigException(
                    ErrorCode.OUTPUT_REFUSED,
                    "Cannot write the plan to " + label + ": " + e.getMessage()
                            + ". Nothing was written; choose another file, e.g. -o plan.kmsplan");
        }
        Path abs = chain.get(chain.size() - 1);
        // /dev/stdout leads through /proc/self/fd/1 to whatever stdout is (a pipe, a terminal, a redirected file).
        Path descriptor = chain.stream().filter(PlanFile::inProc).findFirst().orElse(null);
        String what = descriptor != null
                ? "a process's file descriptor (" + descriptor + ")"
                : Files.isDirectory(abs)
                        ? "a directory"
                        : Files.exists(abs) && !Files.isRegularFile(abs)
                                ? "not a regular file (a device or a pipe?)"
                                : null;
        if (what != null) {
            throw new KmsmigException(
                    ErrorCode.OUTPUT_REFUSED,
                    "Cannot write the plan to " + label
                            + (descriptor != null || abs.equals(chain.get(0)) ? "" : " (" + abs + ")") + ": it is "
                            + what
                            + "; -o replaces a regular file as a whole. Nothing was written; choose a file, e.g. -o "
                            + "plan.kmsplan (the plan text already goes to stdout; -o - is not supported).");
        }
        return abs;
    }

    /** Whether {@code p} is in /proc, also through a linked directory such as /dev/fd. */
    private static boolean inProc(Path p) {
        if (p.startsWith("/proc")) {
            return true;
        }
        try {
            return p.getParent() != null && p.getParent().toRealPath().startsWith("/proc");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes the saved plan to {@link #target} of {@code file} (temp file, then rename) and returns its id. The JSON is
     * streamed to the file and through the checksum, never held as one string: a plan of 10,000 secrets is tens of MB.
     */
    public static String write(Path file, Plan plan, String kmsmigVersion) {
        ObjectNode doc = document(plan, kmsmigVersion);
        Path tmp = null;
        Path abs = target(file, file.toString());
        try {
            Files.createDirectories(abs.getParent());
            // A fresh temp file of a random name (created exclusively), never a fixed <file>.tmp: a link planted there
            // (in a shared directory) would have the write land in the link's target.
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                JSON.writerWithDefaultPrettyPrinter()
                        .without(StreamWriteFeature.AUTO_CLOSE_TARGET)
                        .writeValue(out, doc);
                out.write('\n');
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(tmp);
            throw new KmsmigException(
                    ErrorCode.PLAN_INVALID,
                    "Cannot write the plan to " + file + ": " + e.getMessage()
                            + ". Nothing was written; choose a file in a writable directory, e.g. -o plan.kmsplan");
        }
        return doc.get("plan_id").asString();
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the write already failed; that error is the one to report
        }
    }

    public static Saved read(Path file, String label) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KmsmigException(
                    ErrorCode.PLAN_INVALID,
                    "Plan file not found: " + label + ". Make one with: " + Program.name() + " plan -f SPEC -o "
                            + label);
        } catch (IOException e) {
            throw new KmsmigException(ErrorCode.PLAN_INVALID, "Cannot read plan file " + label + ": " + e.getMessage());
        }
        ParsedDocument doc;
        try {
            doc = LargeDocuments.read(YamlReader.Limits.LARGE, bytes);
        } catch (FormatException e) {
            throw invalid(label, e.problems(), "it is not a kmsmig plan (truncated or corrupted?)");
        }
        JsonNode root = doc.root();
        JsonNode version = root.path("format_version");
        if (version.isIntegralNumber() && version.asInt() > Plan.FORMAT_VERSION) {
            throw new KmsmigException(
                    ErrorCode.PLAN_INVALID,
                    label + " is plan format version " + version.asInt()
                            + ", newer than this kmsmig reads (version " + Plan.FORMAT_VERSION
                            + "). Upgrade kmsmig, or make the "
                            + "plan with this one.");
        }
        if (version.isIntegralNumber() && version.asInt() < Plan.FORMAT_VERSION) {
            // Format 1 held only the parameter summary for people; apply no longer reads parameters back from it.
            throw new KmsmigException(
                    ErrorCode.PLAN_INVALID,
                    label + " is plan format version " + version.asInt()
                            + ", written by an older kmsmig; this one reads version " + Plan.FORMAT_VERSION
                            + " (whose actions "
                            + "carry a typed payload). Nothing was applied; make the plan again with: " + Program.name()
                            + " plan -f SPEC -o "
                            + label);
        }
        List<Problem> problems = SchemaCheck.of(SCHEMA).validate(doc);
        if (!problems.isEmpty()) {
            throw invalid(label, problems, "it does not match schemas/" + SCHEMA);
        }
        // The checksum covers the document without its last two members; they are removed in place, not from a copy.
        ObjectNode body = (ObjectNode) root;
        String planId = body.path("plan_id").asString("");
        String expected = body.path("checksum").asString("");
        body.remove("plan_id");
        body.remove("checksum");
        String digest = checksum(body);
        String actual = "sha256:" + digest;
        if (!actual.equals(expected)) {
            throw new KmsmigException(
                    ErrorCode.PLAN_INVALID,
                    label + " was changed after kmsmig wrote it (checksum "
                            + "mismatch). A saved plan is applied exactly as reviewed; make a new one with "
                            + Program.name() + " plan -o.");
        }
        if (!planId(digest).equals(planId)) {
            // The id names the content: a resumed apply trusts that the same id means the file it checked at the start.
            throw new KmsmigException(
                    ErrorCode.PLAN_INVALID,
                    label + " was changed after kmsmig wrote it (its plan_id "
                            + "does not match its content). A saved plan is applied exactly as reviewed; make a new one with "
                            + Program.name() + " plan -o.");
        }
        try {
            return new Saved(PlanJson.read(body), planId);
        } catch (IllegalArgumentException e) {
            throw new KmsmigException(
                    ErrorCode.PLAN_INVALID,
                    "Cannot use plan file " + label + ": " + e.getMessage()
                            + ". A saved plan is applied exactly as reviewed; make a new one with " + Program.name()
                            + " plan -o.");
        }
    }

    private static KmsmigException invalid(String label, List<Problem> problems, String why) {
        List<Diagnostic> diags = new ArrayList<>();
        for (Problem p : problems) {
            diags.add(Diagnostic.error(
                    label, p.position() == null ? new Position(1, 1) : p.position(), p.fieldPath(), p.message()));
        }
        return new KmsmigException(ErrorCode.PLAN_INVALID, "Cannot use plan file " + label + ": " + why + ".", diags);
    }

    /** A saved plan's id: the first 16 hex digits of its checksum. */
    private static String planId(String checksumHex) {
        return checksumHex.substring(0, 16);
    }

    /** SHA-256 of the compact JSON of {@code body}, streamed through the digest. */
    static String checksum(JsonNode body) {
        MessageDigest digest = sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            JSON.writeValue(out, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
