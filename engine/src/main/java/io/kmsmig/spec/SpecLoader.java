package io.kmsmig.spec;

import io.kmsmig.diag.Diagnostic;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.diag.Program;
import io.kmsmig.formats.FilePaths;
import io.kmsmig.formats.FormatException;
import io.kmsmig.formats.JsonPointers;
import io.kmsmig.formats.ParsedDocument;
import io.kmsmig.formats.Position;
import io.kmsmig.formats.SchemaCheck;
import io.kmsmig.formats.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Loads a migration spec: YAML with positions, format version, JSON Schema, then the rules a schema cannot say
 * (regions differ, globs compile, rename collisions, durations, referenced files exist). Every problem is
 * reported at once as a {@link Diagnostic}; nothing is half-loaded.
 *
 * <p>Relative paths inside a spec ({@code state}, {@code sandbox.*}, {@code caCert}, {@code clientKey.file}) resolve
 * against the directory that holds the spec, as {@code docker compose -f} does, so the same spec names the same state
 * file from whatever directory kmsmig runs in. Only the spec's own path is relative to the working directory.
 */
public final class SpecLoader {
    public static final int FORMAT_VERSION = 1;
    public static final String SCHEMA = "migration-spec.v1.schema.json";
    private final Path baseDir;

    /** @param baseDir the directory a relative spec path resolves against (kmsmig's working directory) */
    public SpecLoader(Path baseDir) {
        this.baseDir = baseDir;
    }

    public MigrationSpec load(Path file) {
        String label = file.toString();
        Path abs = baseDir.resolve(file);
        byte[] bytes;
        try {
            if (Files.isDirectory(abs)) {
                throw fail(
                        label,
                        List.of(Diagnostic.error(
                                label,
                                new Position(1, 1),
                                "(document)",
                                "is a directory; give the spec file, e.g. " + file.resolve("migration.yaml"))));
            }
            bytes = Files.readAllBytes(abs);
        } catch (NoSuchFileException e) {
            throw new KmsmigException(
                    ErrorCode.SPEC_INVALID,
                    "Spec file not found: " + label + " (looked at " + abs
                            + ").\nCopy one from examples/, e.g. examples/minimal.yaml, and run: " + Program.name()
                            + " validate -f <file>");
        } catch (IOException e) {
            throw new KmsmigException(ErrorCode.SPEC_INVALID, "Cannot read spec file " + label + ": " + e.getMessage());
        }
        ParsedDocument doc;
        try {
            doc = new YamlReader(YamlReader.Limits.SMALL).read(bytes);
        } catch (FormatException e) {
            throw fail(label, SchemaAdvice.diagnostics(label, null, e.problems()));
        }
        List<Diagnostic> diags = new ArrayList<>();
        JsonNode version = doc.root().path("version");
        if (doc.root().isObject() && version.isIntegralNumber() && version.asInt() != FORMAT_VERSION) {
            diags.add(Diagnostic.error(
                    label,
                    doc.positionOf("/version"),
                    "version",
                    "spec format version "
                            + version.asInt() + " is not supported; this kmsmig reads version " + FORMAT_VERSION
                            + (version.asInt() > FORMAT_VERSION ? " (upgrade kmsmig to read newer specs)" : "")));
            throw fail(label, diags);
        }
        diags.addAll(SchemaAdvice.diagnostics(label, doc, SchemaCheck.of(SCHEMA).validate(doc)));
        if (!doc.root().isObject()) {
            throw fail(label, diags);
        }
        // The semantic pass runs even on a schema-invalid document, so one run reports every problem.
        Builder b = new Builder(label, doc, abs.toAbsolutePath().normalize().getParent());
        MigrationSpec spec = b.build(file, sha256(bytes));
        for (Diagnostic d : b.diags) {
            if (diags.stream().noneMatch(x -> x.fieldPath().equals(d.fieldPath()))) {
                diags.add(d);
            }
        }
        if (!diags.isEmpty()) {
            throw fail(label, diags);
        }
        return spec;
    }

    private static KmsmigException fail(String label, List<Diagnostic> diags) {
        List<Diagnostic> sorted = new ArrayList<>(diags);
        sorted.sort(Diagnostic.ORDER);
        int n = sorted.size();
        return new KmsmigException(
                ErrorCode.SPEC_INVALID,
                label + ": " + n + (n == 1 ? " problem" : " problems") + " found; nothing was changed.",
                sorted);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds the record from a schema-valid document, collecting semantic problems. */
    private final class Builder {
        final String label;
        final ParsedDocument doc;
        final JsonNode root;
        final List<Diagnostic> diags = new ArrayList<>();
        /** The spec file's directory: what relative paths in the spec are relative to. */
        final Path specDir;

        Builder(String label, ParsedDocument doc, Path specDir) {
            this.label = label;
            this.doc = doc;
            this.root = doc.root();
            this.specDir = specDir;
        }

        void error(String pointer, String message) {
            diags.add(Diagnostic.error(label, doc.positionOf(pointer), JsonPointers.toFieldPath(pointer), message));
        }

        MigrationSpec build(Path file, String sha) {
            String name = root.path("name").asString("invalid");
            Endpoints source = endpoints("/source");
            Endpoints destEp = endpoints("/destination");
            JsonNode d = root.path("destination");
            if (!source.region().isEmpty() && source.region().equals(destEp.region())) {
                error(
                        "/destination/region",
                        "source and destination are both " + source.region()
                                + "; a migration moves secrets to another region");
            }
            String keyId = d.path("encryptionKeyId").asString("");
            if (keyId.startsWith("acs:kms:")
                    && !destEp.region().isEmpty()
                    && !keyId.startsWith("acs:kms:" + destEp.region() + ":")) {
                // A secret's key is in the secret's region (kms-openapi.md §3: the ARN names the region).
                String keyRegion = keyId.substring("acs:kms:".length(), keyId.indexOf(':', "acs:kms:".length()));
                error(
                        "/destination/encryptionKeyId",
                        "names a key in " + keyRegion + ", but destination.region is "
                                + destEp.region()
                                + "; a secret is encrypted with a key of its own region. Give a key of the "
                                + "destination instance, e.g. key-... or acs:kms:" + destEp.region()
                                + ":<account>:key/key-...");
            }
            Path clientKey = null;
            String passwordEnv = null;
            if (d.at("/clientKey/file").isString()) {
                clientKey = existingFile(
                        "/destination/clientKey/file", d.at("/clientKey/file").asString());
                passwordEnv = d.at("/clientKey/passwordEnv").asString("");
            }
            Destination destination = new Destination(
                    destEp,
                    d.path("kmsInstanceId").asString(""),
                    d.path("encryptionKeyId").asString(""),
                    text(d, "instanceEndpoint"),
                    clientKey,
                    passwordEnv);
            Selection selection = selection();
            Policies policies = new Policies(
                    enumOr(
                            Policies.InstanceSecrets.class,
                            root.at("/policies/instanceSecrets").asString("backup-restore"),
                            Policies.InstanceSecrets.BACKUP_RESTORE),
                    enumOr(
                            Policies.RamSecrets.class,
                            root.at("/policies/ramSecrets").asString("skip"),
                            Policies.RamSecrets.SKIP));
            CutoverSpec cutover = cutover();
            Map<String, Double> limits = new LinkedHashMap<>();
            root.at("/execution/rateLimits")
                    .properties()
                    .forEach(e -> limits.put(e.getKey(), e.getValue().asDouble(1)));
            Execution execution = new Execution(
                    root.at("/execution/parallelism").asInt(Execution.DEFAULT.parallelism()),
                    limits,
                    root.at("/execution/maxAttempts").asInt(Execution.DEFAULT.maxAttempts()));
            SandboxSpec sandbox = sandbox();
            if (sandbox != null) {
                distinct(
                        "/sandbox/data",
                        "the sandbox world (sandbox.data)",
                        sandbox.data(),
                        "the world it starts from " + "(sandbox.world)",
                        sandbox.world(),
                        "sandbox.data: state/sandbox/" + name + ".world.json");
                distinct(
                        "/sandbox/data",
                        "the sandbox world (sandbox.data)",
                        sandbox.data(),
                        "the spec itself",
                        baseDir.resolve(file),
                        "sandbox.data: state/sandbox/" + name + ".world.json");
            }
            JsonNode st = root.path("state");
            StateLocation state = StateReader.postgres(st)
                    ? StateReader.postgres(st, this::error)
                    : stateFile(st, name, file, sandbox);
            return new MigrationSpec(
                    file, sha, name, source, destination, selection, policies, cutover, execution, state, sandbox);
        }

        /** The state file {@code st} gives (a path, {@code backend: file}, or the default), checked against the rest. */
        private StateLocation stateFile(JsonNode st, String name, Path file, SandboxSpec sandbox) {
            String given = st.isString() ? st.asString() : st.isObject() ? StateReader.filePath(st, this::error) : null;
            Path state = statePath(specDir.resolve(given == null ? "state/" + name + ".state.json" : given)
                    .normalize());
            if (sandbox != null) {
                distinctFromState(state, sandbox.data());
                distinct(
                        statePointer(),
                        "the state file",
                        state,
                        "the sandbox's starting world (sandbox.world)",
                        sandbox.world(),
                        "state: state/" + name + ".state.json");
            }
            distinct(
                    statePointer(),
                    "the state file",
                    state,
                    "the spec itself",
                    baseDir.resolve(file),
                    "state: state/" + name + ".state.json");
            return new StateLocation.File(state);
        }

        /** Where the state file is given: state, state.path, or (the default) after the name. */
        private String statePointer() {
            return root.path("state").isObject() ? "/state/path" : root.has("state") ? "/state" : "/name";
        }

        /** The sandbox the spec names, or null for the real cloud. */
        private SandboxSpec sandbox() {
            if (!root.at("/sandbox/world").isString()) {
                return null;
            }
            String name = root.path("name").asString("invalid");
            Path world =
                    existingFile("/sandbox/world", root.at("/sandbox/world").asString());
            Path data = specDir.resolve(root.at("/sandbox/data").asString("state/sandbox/" + name + ".world.json"))
                    .normalize();
            return new SandboxSpec(world, data);
        }

        /**
         * The state file a write really replaces: a symbolic link is followed, so the journal, backup and lock sit
         * beside the target and an atomic replace updates the target instead of turning the link into a file.
         */
        private Path statePath(Path given) {
            String field = statePointer();
            Path target;
            try {
                target = FilePaths.writeTarget(given);
            } catch (IllegalArgumentException e) {
                error(field, e.getMessage());
                return given;
            }
            if (Files.isDirectory(target)) {
                // Found here, at the state line, rather than by the first command that reads or locks the state.
                String dir = (root.path("state").isObject() ? root.at("/state/path") : root.path("state"))
                        .asString("state")
                        .replaceAll("/+$", "");
                error(
                        field,
                        target + " is a directory; the state is a file: give its name, e.g. state: " + dir + "/"
                                + root.path("name").asString("NAME") + ".state.json");
            }
            return target;
        }

        /** The sandbox keeps its world in sandbox.data; were it the state file, each would overwrite the other. */
        private void distinctFromState(Path state, Path data) {
            Path real;
            Path realState;
            try {
                real = FilePaths.real(data);
                realState = FilePaths.real(state);
            } catch (IllegalArgumentException e) {
                return; // a link loop, reported where the state or the world is read
            }
            if (real.equals(realState)) {
                String name = root.path("name").asString("NAME");
                error(
                        root.has("state") ? statePointer() : "/sandbox/data",
                        "the state file and the sandbox world "
                                + "(sandbox.data) are the same file, " + real
                                + "; each would overwrite the other. Give them "
                                + "different files, e.g. state: state/" + name
                                + ".state.json and sandbox.data: state/sandbox/"
                                + name + ".world.json");
            }
        }

        /**
         * A file kmsmig writes ({@code written}, at {@code pointer}) must not be another file the spec names: the
         * write would replace it (the sandbox saves its world even on plan).
         */
        private void distinct(String pointer, String what, Path written, String otherWhat, Path other, String fix) {
            try {
                if (!FilePaths.real(written).equals(FilePaths.real(other))) {
                    return;
                }
            } catch (IllegalArgumentException e) {
                return; // a link loop, reported where the file is read
            }
            error(
                    pointer,
                    what + " is " + otherWhat + ", " + FilePaths.real(other) + "; kmsmig would overwrite it. "
                            + "Give a file of its own, e.g. " + fix);
        }

        private Endpoints endpoints(String p) {
            JsonNode n = root.at(p);
            Credentials creds = CredentialsReader.read(p + "/credentials", n.path("credentials"), this::error);
            String region = n.path("region").asString("");
            // Without an endpoint, the region names the host (kms.<region>.aliyuncs.com): a typo fails at DNS.
            if (!region.isEmpty() && !n.path("endpoint").isString() && !Regions.known(region)) {
                error(p + "/region", Regions.unknown(region));
            }
            Path ca = n.path("caCert").isString()
                    ? existingFile(p + "/caCert", n.get("caCert").asString())
                    : null;
            return new Endpoints(
                    n.path("region").asString(""),
                    text(n, "endpoint"),
                    creds,
                    ca,
                    text(n, "actionTrailEndpoint"),
                    "vpc".equals(text(n, "endpointType")),
                    text(n, "stsEndpoint"));
        }

        private Selection selection() {
            List<Glob> include = globs("/secrets/include", List.of(Glob.EVERYTHING));
            List<Glob> exclude = globs("/secrets/exclude", List.of());
            Map<String, String> tags = new LinkedHashMap<>();
            root.at("/secrets/tags")
                    .properties()
                    .forEach(e -> tags.put(e.getKey(), e.getValue().asString("")));
            Map<String, String> map = new LinkedHashMap<>();
            Map<String, String> targets = new HashMap<>();
            for (var e : root.at("/secrets/rename/map").properties()) {
                if (!e.getValue().isString()) {
                    continue;
                }
                String other = targets.putIfAbsent(e.getValue().asString(), e.getKey());
                if (other != null) {
                    error(
                            JsonPointers.child("/secrets/rename/map", e.getKey()),
                            "'" + e.getKey() + "' and '" + other + "' both map to destination name '"
                                    + e.getValue().asString() + "'; give each its own name");
                }
                map.put(e.getKey(), e.getValue().asString());
            }
            return new Selection(
                    include, exclude, tags, root.at("/secrets/rename/prefix").asString(""), map);
        }

        private List<Glob> globs(String pointer, List<String> dflt) {
            JsonNode arr = root.at(pointer);
            List<String> texts = new ArrayList<>();
            if (arr.isArray()) {
                arr.forEach(g -> texts.add(g.isString() ? g.asString() : "*"));
            } else {
                texts.addAll(dflt);
            }
            List<Glob> out = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                try {
                    out.add(Glob.compile(texts.get(i)));
                } catch (IllegalArgumentException e) {
                    error(
                            JsonPointers.child(pointer, i),
                            "bad glob: " + e.getMessage()
                                    + ". Use * (within one /-separated segment), ** (across segments), ? (one character), "
                                    + "[abc], {a,b}");
                }
            }
            return out;
        }

        private CutoverSpec cutover() {
            JsonNode c = root.path("cutover");
            Duration quiet = CutoverSpec.DEFAULT.quietPeriod();
            if (c.path("quietPeriod").isString()) {
                try {
                    quiet = Durations.parse(c.get("quietPeriod").asString());
                    // kms-openapi.md §17.2: ActionTrail keeps 90 days of history.
                    if (quiet.compareTo(Duration.ofDays(90)) > 0) {
                        error("/cutover/quietPeriod", "at most 90d: ActionTrail keeps 90 days of events");
                    }
                } catch (IllegalArgumentException e) {
                    error("/cutover/quietPeriod", e.getMessage());
                }
            }
            Map<String, String> ignore = new LinkedHashMap<>();
            c.path("ignoreRecentUse")
                    .properties()
                    .forEach(e -> ignore.put(e.getKey(), e.getValue().asString("")));
            int window = c.path("recoveryWindowDays").asInt(CutoverSpec.DEFAULT.recoveryWindowDays());
            return new CutoverSpec(
                    c.path("deleteSource").asBoolean(false),
                    window < 7 || window > 30 ? CutoverSpec.DEFAULT.recoveryWindowDays() : window,
                    c.path("forceDeleteWithoutRecovery").asBoolean(false),
                    quiet,
                    ignore,
                    globs("/cutover/trustedPrincipals", List.of()));
        }

        private Path existingFile(String pointer, String path) {
            Path p = specDir.resolve(path).normalize();
            if (!Files.isRegularFile(p)) {
                error(pointer, "file not found: " + path + " (looked at " + p + ")");
            }
            return p;
        }

        private String text(JsonNode n, String field) {
            return n.path(field).isString() ? n.get(field).asString() : null;
        }

        private <E extends Enum<E>> E enumOr(Class<E> type, String value, E dflt) {
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                return dflt;
            }
        }
    }
}
