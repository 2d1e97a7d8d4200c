package io.kmsmig.emulator.world;

import io.kmsmig.formats.FormatException;
import io.kmsmig.formats.JsonPointers;
import io.kmsmig.formats.LargeDocuments;
import io.kmsmig.formats.ParsedDocument;
import io.kmsmig.formats.Position;
import io.kmsmig.formats.PrivateFiles;
import io.kmsmig.formats.Problem;
import io.kmsmig.formats.SchemaCheck;
import io.kmsmig.formats.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes world files (format sandbox-world.v1, {@code schemas/sandbox-world.v1.schema.json}).
 *
 * <p>Two readers, one per origin: a world someone wrote by hand (YAML or JSON) goes through the YAML reader; a
 * world the emulator persisted goes through a strict JSON reader. The emulator writes JSON with every non-ASCII
 * character escaped, so the file is plain ASCII and any Java string (C0 and C1 controls, U+2028, astral characters,
 * even a lone surrogate) reads back identical; YAML would refuse raw C1 characters (YAML 1.2 §5.1).
 */
public final class WorldFile {
    public static final String SCHEMA = "sandbox-world.v1.schema.json";
    public static final int FORMAT_VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonMapper PERSIST =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private WorldFile() {}

    /** Loads a hand-written YAML or JSON world file, reporting every problem with its line. */
    public static WorldDocument load(Path file, EmulatorClock clock) {
        return parse(read(file), clock);
    }

    /**
     * Loads a world the emulator persisted: the snapshot ({@link #writeAtomically}, strict JSON), then the changes its
     * {@link WorldLog} recorded since, in order. A torn tail of the log is dropped (its writes were never answered).
     */
    public static WorldDocument loadPersisted(Path file, EmulatorClock clock) {
        ArrayNode events = JsonNodeFactory.instance.arrayNode();
        WorldDocument doc = loadPersisted(file, clock, events::add);
        return new WorldDocument(doc.world(), doc.faults(), events, doc.clockOffset(), doc.logEpoch(), doc.replay());
    }

    /**
     * {@link #loadPersisted(Path, EmulatorClock)} with the ActionTrail events, the snapshot's then the log's, passed to
     * {@code onEvent} one at a time in their persisted form instead of kept in the document (up to 200,000 of them:
     * a tree of all of them would not fit a 512 MB heap beside a world of 10,000 secrets).
     */
    public static WorldDocument loadPersisted(Path file, EmulatorClock clock, Consumer<JsonNode> onEvent) {
        int[] index = {0};
        ParsedDocument parsed = LargeDocuments.readJson(YamlReader.Limits.LARGE, read(file), "events", e -> {
            if (!e.isObject()) {
                throw new FormatException(new Problem("/events/" + index[0], null, "an event must be an object"));
            }
            index[0]++;
            onEvent.accept(e);
        });
        WorldDocument snapshot = build(parsed, clock);
        return WorldLogReplay.replay(snapshot, WorldLog.fileFor(file), clock, onEvent);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FormatException(new Problem("", null, "cannot read the world file: " + e.getMessage()));
        }
    }

    /** Parses hand-written world file bytes (YAML, or JSON as YAML reads it). */
    public static WorldDocument parse(byte[] bytes, EmulatorClock clock) {
        return build(new YamlReader(YamlReader.Limits.LARGE).read(bytes), clock);
    }

    /** Parses JSON bytes that Jackson wrote (a persisted world, an admin API body) with a strict JSON reader. */
    public static WorldDocument parsePersisted(byte[] bytes, EmulatorClock clock) {
        // Tens of MB at 10,000 secrets: the tree only, positions from JsonReader if a problem needs them.
        return build(LargeDocuments.readJson(YamlReader.Limits.LARGE, bytes), clock);
    }

    /** The bytes {@link #writeAtomically} writes for {@code json}: pretty JSON, ASCII only. */
    public static byte[] persistedBytes(JsonNode json) {
        return PERSIST.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
    }

    private static WorldDocument build(ParsedDocument doc, EmulatorClock clock) {
        JsonNode root = doc.root();
        JsonNode version = root.path("version");
        if (version.isIntegralNumber() && version.asInt() > FORMAT_VERSION) {
            throw new FormatException(new Problem(
                    "/version",
                    doc.positionOf("/version"),
                    "world format version " + version.asInt() + " is newer than this emulator reads (version "
                            + FORMAT_VERSION + "); upgrade kmsmig"));
        }
        List<Problem> problems = new ArrayList<>(SchemaCheck.of(SCHEMA).validate(doc));
        if (!problems.isEmpty()) {
            throw new FormatException(problems);
        }
        return new Builder(doc, clock).build();
    }

    /** The world and the other sections as one JSON document of the same schema. Call under a lock. */
    public static ObjectNode toJson(World w, JsonNode faults, JsonNode events) {
        return toJson(w, faults, events, -1, true);
    }

    /**
     * {@link #toJson(World, JsonNode, JsonNode)} as a snapshot continued by the {@link WorldLog} of {@code logEpoch}
     * (none when negative), with each region's secrets or with empty lists ({@link WorldSnapshot} streams them).
     */
    static ObjectNode toJson(World w, JsonNode faults, JsonNode events, long logEpoch, boolean withSecrets) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", FORMAT_VERSION);
        root.put("account", w.account());
        ArrayNode aks = root.putArray("accessKeys");
        for (AccessKey k : w.accessKeys()) {
            ObjectNode o =
                    aks.addObject().put("id", k.id()).put("secret", k.secret()).put("user", k.user());
            if (k.securityToken() != null) {
                o.put("securityToken", k.securityToken());
            }
        }
        if (!w.roles().isEmpty()) {
            ArrayNode roles = root.putArray("roles");
            w.roles().forEach(r -> roles.addObject().put("name", r));
        }
        ArrayNode cks = root.putArray("clientKeys");
        for (ClientKeyInfo k : w.clientKeys()) {
            ObjectNode o = cks.addObject().put("id", k.id()).put("kmsInstanceId", k.kmsInstanceId());
            if (k.publicKeyPem() != null) {
                o.put("publicKeyPem", k.publicKeyPem());
            }
            if (k.file() != null) {
                o.put("file", k.file()).put("password", k.password());
            }
        }
        if (!w.ramUsers().isEmpty()) {
            ArrayNode users = root.putArray("ramUsers");
            w.ramUsers()
                    .forEach((name, display) ->
                            users.addObject().put("name", name).put("displayName", display));
        }
        root.set("semantics", semanticsJson(w.semantics()));
        if (faults != null && !faults.isMissingNode()) {
            root.set("faults", faults);
        }
        root.put("clockOffsetSeconds", w.clock().offset().toSeconds());
        ObjectNode regions = root.putObject("regions");
        Map<String, List<Secret>> secrets = withSecrets ? w.copySecrets() : Map.of();
        for (String id : w.regionIds()) {
            Region r = w.region(id);
            ObjectNode ro = regions.putObject(id);
            ArrayNode insts = ro.putArray("kmsInstances");
            for (KmsInstance i : r.instances()) {
                ArrayNode keys = insts.addObject().put("id", i.id()).putArray("keys");
                for (KeyInfo k : i.keys()) {
                    keys.addObject().put("id", k.id()).put("spec", k.spec()).put("usage", k.usage());
                }
            }
            ArrayNode so = ro.putArray("secrets");
            for (Secret sec : secrets.getOrDefault(id, List.of())) {
                so.add(secretJson(sec));
            }
        }
        if (events != null && !events.isMissingNode()) {
            root.set("events", events);
        }
        if (logEpoch >= 0) {
            root.put("logEpoch", logEpoch);
        }
        return root;
    }

    /** The world's settings a {@link WorldLog} records when they change: semantics, faults, clock offset. */
    public static ObjectNode settingsJson(World w, JsonNode faults) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("semantics", semanticsJson(w.semantics()));
        if (faults != null && !faults.isMissingNode()) {
            o.set("faults", faults);
        }
        o.put("clockOffsetSeconds", w.clock().offset().toSeconds());
        return o;
    }

    static ObjectNode semanticsJson(Semantics s) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("acsPreviousFollowsCurrent", s.acsPreviousFollowsCurrent())
                .put("versionOrder", s.versionOrder().name().toLowerCase(Locale.ROOT))
                .put("seed", s.seed())
                .put("acceptEmptyVersionStages", s.acceptEmptyVersionStages())
                .put("instanceListShape", s.instanceListShape().name().toLowerCase(Locale.ROOT));
    }

    static Semantics semantics(JsonNode sem) {
        return new Semantics(
                sem.path("acsPreviousFollowsCurrent").asBoolean(Semantics.DEFAULT.acsPreviousFollowsCurrent()),
                Semantics.VersionOrder.valueOf(
                        sem.path("versionOrder").asString("shuffled").toUpperCase(Locale.ROOT)),
                sem.path("seed").asLong(Semantics.DEFAULT.seed()),
                sem.path("acceptEmptyVersionStages").asBoolean(false),
                Semantics.InstanceListShape.valueOf(sem.path("instanceListShape")
                        .asString(Semantics.DEFAULT.instanceListShape().name())
                        .toUpperCase(Locale.ROOT)));
    }

    /** A secret as the snapshot and the log write it (values included). Call under a lock. */
    static ObjectNode secretJson(Secret s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", s.name()).put("type", s.type().wire());
        putNullable(o, "kmsInstanceId", s.kmsInstanceId());
        putNullable(o, "encryptionKeyId", s.encryptionKeyId());
        putNullable(o, "description", s.description());
        ObjectNode tags = o.putObject("tags");
        s.tagList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        putNullable(o, "extendedConfig", s.extendedConfig());
        ObjectNode rot = o.putObject("rotation").put("enabled", s.rotationEnabled());
        putNullable(rot, "interval", s.rotationInterval());
        putNullable(o, "policy", s.policy());
        putNullable(
                o,
                "plannedDeleteTime",
                s.plannedDeleteTime() == null ? null : s.plannedDeleteTime().toString());
        o.put("createTime", s.createTime().toString())
                .put("updateTime", s.updateTime().toString());
        ArrayNode vs = o.putArray("versions");
        for (Version v : s.versions()) {
            ObjectNode vo =
                    vs.addObject().put("id", v.id()).put("created", v.created().toString());
            ArrayNode st = vo.putArray("stages");
            v.stages().forEach(st::add);
            vo.put("data", v.data()).put("dataType", v.dataType());
        }
        return o;
    }

    private static void putNullable(ObjectNode o, String k, String v) {
        if (v == null) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    /** Writes {@code json} to {@code file} atomically (temp file, fsync, rename), readable by its owner only. */
    public static void writeAtomically(Path file, JsonNode json) {
        try {
            PrivateFiles.writeAtomically(file, persistedBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the emulator world to " + file, e);
        }
    }

    /** Turns a schema-valid document into a World, checking what a schema cannot (references, uniqueness). */
    static final class Builder {
        private final ParsedDocument doc;
        private final EmulatorClock clock;
        private final List<Problem> problems = new ArrayList<>();

        Builder(ParsedDocument doc, EmulatorClock clock) {
            this.doc = doc;
            this.clock = clock;
        }

        WorldDocument build() {
            JsonNode root = doc.root();
            List<AccessKey> keys = new ArrayList<>();
            for (JsonNode k : root.path("accessKeys")) {
                keys.add(new AccessKey(
                        k.get("id").asString(),
                        k.get("secret").asString(),
                        k.get("user").asString(),
                        k.hasNonNull("securityToken") ? k.get("securityToken").asString() : null));
            }
            List<ClientKeyInfo> clientKeys = new ArrayList<>();
            int ci = 0;
            for (JsonNode k : root.path("clientKeys")) {
                String pem = text(k, "publicKeyPem");
                if (pem == null && !k.path("generate").asBoolean(false)) {
                    problem(
                            "/clientKeys/" + ci,
                            "client key " + k.get("id").asString() + " needs publicKeyPem, or generate: true");
                }
                clientKeys.add(new ClientKeyInfo(
                        k.get("id").asString(),
                        k.get("kmsInstanceId").asString(),
                        pem,
                        text(k, "file"),
                        text(k, "password")));
                ci++;
            }
            Semantics semantics = semantics(root.path("semantics"));
            Duration offset = Duration.ofSeconds(root.path("clockOffsetSeconds").asLong(0));
            clock.setOffset(offset);
            World world = new World(root.get("account").asString(), keys, clientKeys, semantics, clock);
            int ri = 0;
            for (JsonNode u : root.path("ramUsers")) {
                String name = u.get("name").asString();
                if (world.ramUsers().containsKey(name)) {
                    problem("/ramUsers/" + ri + "/name", "RAM user " + name + " is declared twice");
                }
                world.addRamUser(name, u.path("displayName").asString(name));
                ri++;
            }
            List<String> roles = new ArrayList<>();
            root.path("roles").forEach(r -> roles.add(r.path("name").asString()));
            world.roles(roles);
            Set<String> instanceIds = new HashSet<>();
            for (var entry : root.get("regions").properties()) {
                String regionId = entry.getKey();
                Region region = world.addRegion(regionId);
                String rp = JsonPointers.child("/regions", regionId);
                int ii = 0;
                for (JsonNode inst : entry.getValue().path("kmsInstances")) {
                    List<KeyInfo> ks = new ArrayList<>();
                    for (JsonNode key : inst.path("keys")) {
                        ks.add(
                                key.isString()
                                        ? new KeyInfo(key.asString(), "Aliyun_AES_256", "ENCRYPT/DECRYPT")
                                        : new KeyInfo(
                                                key.get("id").asString(),
                                                key.path("spec").asString("Aliyun_AES_256"),
                                                key.path("usage").asString("ENCRYPT/DECRYPT")));
                    }
                    String id = inst.get("id").asString();
                    if (!instanceIds.add(id)) {
                        problem(rp + "/kmsInstances/" + ii, "instance " + id + " is declared twice");
                    }
                    region.instances.add(new KmsInstance(id, ks));
                    ii++;
                }
                int si = 0;
                for (JsonNode sj : entry.getValue().path("secrets")) {
                    Secret s = secret(sj, rp + "/secrets/" + si, region);
                    if (s != null && region.secrets.putIfAbsent(s.name(), s) != null) {
                        problem(
                                rp + "/secrets/" + si + "/name",
                                "secret " + s.name() + " is declared twice in " + regionId);
                    }
                    si++;
                }
            }
            for (int i = 0; i < clientKeys.size(); i++) {
                if (!instanceIds.contains(clientKeys.get(i).kmsInstanceId())) {
                    problem(
                            "/clientKeys/" + i + "/kmsInstanceId",
                            "no region declares instance " + clientKeys.get(i).kmsInstanceId());
                }
            }
            if (!problems.isEmpty()) {
                throw new FormatException(problems);
            }
            return new WorldDocument(
                    world,
                    root.path("faults"),
                    root.path("events"),
                    offset,
                    root.path("logEpoch").asLong(0),
                    new WorldLog.Replay(true, 0, 0));
        }

        /** A secret of a log record (no positions: the record is one line of the log). */
        static Secret fromLog(JsonNode j, Region region, String where) {
            Builder b = new Builder(null, null);
            Secret s = b.secret(j, where, region);
            if (!b.problems.isEmpty()) {
                throw new FormatException(b.problems);
            }
            return s;
        }

        private Secret secret(JsonNode j, String p, Region region) {
            SecretType type = SecretType.parse(j.path("type").asString("Generic"));
            Instant created = instant(j, "createTime", p, Instant.parse("2023-01-01T00:00:00Z"));
            Secret s = new Secret(j.get("name").asString(), type, created);
            s.updateTime = instant(j, "updateTime", p, created);
            s.kmsInstanceId = text(j, "kmsInstanceId");
            s.encryptionKeyId = text(j, "encryptionKeyId");
            s.description = text(j, "description");
            for (var t : j.path("tags").properties()) {
                s.tags.put(t.getKey(), t.getValue().asString());
            }
            JsonNode ext = j.path("extendedConfig");
            s.extendedConfig = ext.isObject() ? JSON.writeValueAsString(ext) : text(j, "extendedConfig");
            s.rotationEnabled = j.path("rotation").path("enabled").asBoolean(false);
            s.rotationInterval = j.path("rotation").hasNonNull("interval")
                    ? Limits.rotationIntervalOrNull(
                            j.path("rotation").get("interval").asString())
                    : null;
            s.policy = text(j, "policy");
            s.plannedDeleteTime = j.hasNonNull("plannedDeleteTime") ? instant(j, "plannedDeleteTime", p, null) : null;
            if (s.kmsInstanceId != null && region.instance(s.kmsInstanceId).isEmpty()) {
                problem(p + "/kmsInstanceId", "instance " + s.kmsInstanceId + " is not declared in this region");
            }
            Set<String> ids = new HashSet<>();
            Map<String, String> holders = new HashMap<>();
            int vi = 0;
            for (JsonNode vj : j.path("versions")) {
                String vp = p + "/versions/" + vi;
                String id = vj.get("id").asString();
                if (!ids.add(id)) {
                    problem(vp + "/id", "version " + id + " appears twice");
                }
                List<String> stages = new ArrayList<>();
                for (JsonNode st : vj.path("stages")) {
                    String label = st.asString();
                    String prev = holders.put(label, id);
                    if (prev != null) {
                        problem(
                                vp + "/stages",
                                "stage " + label + " marks both " + prev + " and " + id
                                        + "; a stage marks one version");
                    }
                    stages.add(label);
                }
                s.versions.add(new Version(
                        id,
                        instant(vj, "created", vp, created),
                        vj.get("data").asString(),
                        vj.path("dataType").asString("text"),
                        stages));
                vi++;
            }
            if (holders.size() > Stages.MAX_LABELS) {
                problem(p + "/versions", "more than " + Stages.MAX_LABELS + " stage labels");
            }
            s.versions.sort(Comparator.comparing(Version::created));
            return s;
        }

        private Instant instant(JsonNode j, String field, String p, Instant dflt) {
            if (!j.hasNonNull(field)) {
                return dflt;
            }
            try {
                return Instant.parse(j.get(field).asString());
            } catch (DateTimeParseException e) {
                problem(p + "/" + field, "not an ISO-8601 UTC time like 2023-01-01T00:00:00Z");
                return dflt == null ? Instant.EPOCH : dflt;
            }
        }

        private static String text(JsonNode j, String field) {
            return j.hasNonNull(field) ? j.get(field).asString() : null;
        }

        private void problem(String pointer, String message) {
            Position pos = doc == null ? null : doc.positionOf(pointer);
            problems.add(new Problem(pointer, pos, message));
        }
    }
}
