package io.kmsmig.plan;

import io.kmsmig.diag.Diagnostic;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.formats.FormatException;
import io.kmsmig.formats.ParsedDocument;
import io.kmsmig.formats.Position;
import io.kmsmig.formats.Problem;
import io.kmsmig.formats.SchemaCheck;
import io.kmsmig.formats.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
    public static final String SCHEMA = "plan.v1.schema.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlanFile() {
    }

    /** A plan read back from a file, with its id. */
    public record Saved(Plan plan, String planId) {
    }

    /** The document a saved plan holds: the plan JSON, then plan_id and checksum. */
    public static ObjectNode document(Plan plan, String kmsmigVersion) {
        ObjectNode body = PlanJson.write(plan, kmsmigVersion);
        String checksum = sha256(JSON.writeValueAsBytes(body));
        body.put("plan_id", checksum.substring(0, 16));
        body.put("checksum", "sha256:" + checksum);
        return body;
    }

    public static String write(Path file, Plan plan, String kmsmigVersion) {
        ObjectNode doc = document(plan, kmsmigVersion);
        Path tmp = null;
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            // A fresh temp file of a random name (created exclusively), never a fixed <file>.tmp: a link planted there
            // (in a shared directory) would have the write land in the link's target.
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
            Files.write(tmp, (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new KmsmigException(ErrorCode.PLAN_INVALID, "Cannot write the plan to " + file + ": " + e.getMessage()
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
            throw new KmsmigException(ErrorCode.PLAN_INVALID, "Plan file not found: " + label
                    + ". Make one with: kmsmig plan -f SPEC -o " + label);
        } catch (IOException e) {
            throw new KmsmigException(ErrorCode.PLAN_INVALID, "Cannot read plan file " + label + ": " + e.getMessage());
        }
        ParsedDocument doc;
        try {
            doc = new YamlReader(YamlReader.Limits.LARGE).read(bytes);
        } catch (FormatException e) {
            throw invalid(label, e.problems(), "it is not a kmsmig plan (truncated or corrupted?)");
        }
        JsonNode root = doc.root();
        JsonNode version = root.path("format_version");
        if (version.isIntegralNumber() && version.asInt() > Plan.FORMAT_VERSION) {
            throw new KmsmigException(ErrorCode.PLAN_INVALID, label + " is plan format version " + version.asInt()
                    + ", newer than this kmsmig reads (version " + Plan.FORMAT_VERSION + "). Upgrade kmsmig, or make the "
                    + "plan with this one.");
        }
        List<Problem> problems = SchemaCheck.of(SCHEMA).validate(doc);
        if (!problems.isEmpty()) {
            throw invalid(label, problems, "it does not match schemas/" + SCHEMA);
        }
        ObjectNode body = ((ObjectNode) root).deepCopy();
        body.remove("plan_id");
        body.remove("checksum");
        String expected = root.path("checksum").asString("");
        String actual = "sha256:" + sha256(JSON.writeValueAsBytes(body));
        if (!actual.equals(expected)) {
            throw new KmsmigException(ErrorCode.PLAN_INVALID, label + " was changed after kmsmig wrote it (checksum "
                    + "mismatch). A saved plan is applied exactly as reviewed; make a new one with kmsmig plan -o.");
        }
        if (!actual.substring("sha256:".length(), "sha256:".length() + 16).equals(root.path("plan_id").asString(""))) {
            // The id names the content: a resumed apply trusts that the same id means the file it checked at the start.
            throw new KmsmigException(ErrorCode.PLAN_INVALID, label + " was changed after kmsmig wrote it (its plan_id "
                    + "does not match its content). A saved plan is applied exactly as reviewed; make a new one with "
                    + "kmsmig plan -o.");
        }
        return new Saved(PlanJson.read(body), root.get("plan_id").asString());
    }

    private static KmsmigException invalid(String label, List<Problem> problems, String why) {
        List<Diagnostic> diags = new ArrayList<>();
        for (Problem p : problems) {
            diags.add(Diagnostic.error(label, p.position() == null ? new Position(1, 1) : p.position(), p.fieldPath(),
                    p.message()));
        }
        return new KmsmigException(ErrorCode.PLAN_INVALID, "Cannot use plan file " + label + ": " + why + ".", diags);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
