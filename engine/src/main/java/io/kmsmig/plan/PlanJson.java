package io.kmsmig.plan;

import io.kmsmig.kms.SecretMetadata;
import io.kmsmig.snapshot.Fingerprints;
import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.snapshot.VersionSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plan as JSON ({@code schemas/plan.v2.schema.json}): keys in a fixed order, collections sorted, so equal
 * plans give byte-equal JSON (only {@code created_at} differs between runs). The same document is the body of a
 * saved plan and reads back into an equal {@link Plan}.
 */
public final class PlanJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PlanJson() {}

    public static ObjectNode write(Plan p, String kmsmigVersion) {
        ObjectNode o = F.objectNode();
        o.put("format_version", p.formatVersion());
        o.put("kmsmig_version", kmsmigVersion);
        o.put("created_at", p.createdAt().toString());
        o.put("spec_name", p.specName());
        o.put("spec_sha256", p.specSha256());
        ObjectNode state = o.putObject("state");
        if (p.lineage() == null) {
            state.putNull("lineage");
        } else {
            state.put("lineage", p.lineage());
        }
        state.put("serial", p.serial());
        o.putObject("regions").put("source", p.sourceRegion()).put("destination", p.destinationRegion());
        putText(o, "destination_key_id", p.destinationKeyId());
        o.put("has_changes", p.hasChanges());
        o.put("applicable", p.applicable());
        o.put("destructive", p.destructive());
        ObjectNode summary = o.putObject("summary");
        summary.put("line", p.summaryLine());
        ObjectNode disp = summary.putObject("dispositions");
        p.byDisposition().forEach((d, n) -> disp.put(d.wire(), n));
        ObjectNode acts = summary.putObject("actions");
        p.byAction().forEach(acts::put);
        strings(o.putArray("errors"), p.errors());
        warnings(o, p.warnings());
        strings(o.putArray("targets"), p.targets());
        if (!p.identities().isEmpty()) {
            // Optional: plans without cutover stay byte-identical to those of earlier versions.
            strings(o.putArray("identities"), p.identities());
        }
        ArrayNode secrets = o.putArray("secrets");
        for (SecretPlan s : p.secrets()) {
            ObjectNode so = secrets.addObject();
            so.put("name", s.sourceName())
                    .put("destination_name", s.destinationName())
                    .put("type", s.type())
                    .put("disposition", s.disposition().wire())
                    .put("reason", s.reason());
            ArrayNode vs = so.putArray("versions");
            for (VersionRow v : s.versions()) {
                ObjectNode vo = vs.addObject().put("id", v.versionId());
                putTime(vo, "source_created", v.sourceCreated());
                strings(vo.putArray("stages"), v.stages());
                vo.put("destination", v.destination()).put("happens", v.happens());
            }
            diff(so, s.diff());
            warnings(so, s.warnings());
            ArrayNode seqs = so.putArray("actions");
            s.actions().forEach(a -> seqs.add(a.seq()));
        }
        ArrayNode actions = o.putArray("actions");
        for (PlannedAction a : p.actions()) {
            ObjectNode ao = actions.addObject();
            ao.put("seq", a.seq())
                    .put("action", a.action().api())
                    .put("side", a.side().name().toLowerCase(Locale.ROOT))
                    .put("region", a.region())
                    .put("secret", a.secret());
            putText(ao, "versionId", a.versionId());
            putText(ao, "stage", a.stage());
            ao.set("payload", PayloadJson.write(a.payload()));
            ObjectNode params = ao.putObject("params");
            a.summary().forEach(params::put);
            ao.put("reason", a.reason());
            ArrayNode deps = ao.putArray("dependsOn");
            a.dependsOn().forEach(deps::add);
        }
        ObjectNode fp = o.putObject("source_fingerprint");
        for (SecretPlan s : p.secrets()) {
            if (s.source() != null) {
                fp.set(s.sourceName(), snapshot(s.source()));
            }
        }
        return o;
    }

    private static ObjectNode snapshot(SecretSnapshot s) {
        SecretMetadata m = s.metadata();
        ObjectNode o = F.objectNode();
        o.put("sha256", Fingerprints.of(s));
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", m.name());
        putText(meta, "arn", m.arn());
        meta.put("type", m.type());
        putText(meta, "description", m.description());
        putText(meta, "kmsInstanceId", m.kmsInstanceId());
        putText(meta, "encryptionKeyId", m.encryptionKeyId());
        ObjectNode tags = meta.putObject("tags");
        new TreeMap<>(m.tags()).forEach(tags::put);
        putText(meta, "extendedConfig", m.extendedConfig());
        meta.put("rotationEnabled", m.rotationEnabled());
        putText(meta, "rotationInterval", m.rotationInterval());
        putTime(meta, "plannedDeleteTime", m.plannedDeleteTime());
        putTime(meta, "createTime", m.createTime());
        putText(o, "policy", s.policy());
        ArrayNode vs = o.putArray("versions");
        for (VersionSnapshot v : s.versions()) {
            ObjectNode vo = vs.addObject().put("id", v.versionId());
            putTime(vo, "createTime", v.createTime());
            strings(vo.putArray("stages"), v.stages());
        }
        return o;
    }

    /**
     * Reads a plan document (already checked against the schema and the checksum). Apply executes the payloads; the
     * {@code params} beside each must be the summary derived from it, else an IllegalArgumentException says which.
     */
    public static Plan read(JsonNode o) {
        Map<Integer, PlannedAction> actions = new LinkedHashMap<>();
        for (JsonNode a : o.path("actions")) {
            int seq = a.get("seq").asInt();
            Payload payload = PayloadJson.read(a.path("payload"));
            if (!Action.byApi(a.get("action").asString()).equals(payload.action())) {
                throw new IllegalArgumentException(
                        "action #" + seq + " is " + a.get("action").asString() + " but its payload is a "
                                + payload.action().api());
            }
            Map<String, String> params = new TreeMap<>();
            a.path("params")
                    .properties()
                    .forEach(e -> params.put(e.getKey(), e.getValue().asString()));
            if (!params.equals(PayloadSummary.of(payload))
                    || !Objects.equals(text(a, "versionId"), payload.versionId())
                    || !Objects.equals(text(a, "stage"), payload.stage())) {
                // The summary is what a reviewer read; the payload is what runs. They must say the same.
                throw new IllegalArgumentException("action #" + seq + ": its versionId, stage or params (the summary "
                        + "for people) do not match its payload (what apply executes)");
            }
            List<Integer> deps = new ArrayList<>();
            a.path("dependsOn").forEach(d -> deps.add(d.asInt()));
            if (actions.containsKey(seq)) {
                throw new IllegalArgumentException("two actions are numbered #" + seq);
            }
            actions.put(
                    seq,
                    new PlannedAction(
                            seq,
                            Side.valueOf(a.get("side").asString().toUpperCase(Locale.ROOT)),
                            a.get("region").asString(),
                            a.get("secret").asString(),
                            payload,
                            a.get("reason").asString(),
                            deps));
        }
        List<SecretPlan> secrets = new ArrayList<>();
        Set<Integer> listed = new HashSet<>();
        for (JsonNode s : o.path("secrets")) {
            List<VersionRow> rows = new ArrayList<>();
            for (JsonNode v : s.path("versions")) {
                rows.add(new VersionRow(
                        v.get("id").asString(),
                        time(v, "source_created"),
                        strings(v.path("stages")),
                        v.get("destination").asString(),
                        v.get("happens").asString()));
            }
            List<PlannedAction> mine = new ArrayList<>();
            for (JsonNode seq : s.path("actions")) {
                // An edited file (its checksum recomputed) may list an action that is not there, or one twice.
                PlannedAction a = actions.get(seq.asInt());
                if (a == null || !listed.add(seq.asInt())) {
                    throw new IllegalArgumentException(
                            "secret " + s.get("name").asString() + " lists action #" + seq.asInt()
                                    + (a == null ? ", which the plan does not have" : ", which is listed already"));
                }
                mine.add(a);
            }
            JsonNode fp = o.path("source_fingerprint").path(s.get("name").asString());
            secrets.add(new SecretPlan(
                    s.get("name").asString(),
                    s.get("destination_name").asString(),
                    s.get("type").asString(),
                    Disposition.byWire(s.get("disposition").asString()),
                    s.get("reason").asString(),
                    rows,
                    mine,
                    diff(s),
                    warnings(s),
                    fp.isMissingNode() ? null : snapshotOf(fp)));
        }
        JsonNode st = o.path("state");
        return new Plan(
                o.get("format_version").asInt(),
                o.get("spec_name").asString(),
                o.get("spec_sha256").asString(),
                st.path("lineage").isNull() ? null : st.path("lineage").asString(),
                st.path("serial").asLong(),
                o.at("/regions/source").asString(),
                o.at("/regions/destination").asString(),
                text(o, "destination_key_id"),
                secrets,
                strings(o.path("errors")),
                warnings(o),
                strings(o.path("targets")),
                Instant.parse(o.get("created_at").asString()),
                strings(o.path("identities")));
    }

    private static SecretSnapshot snapshotOf(JsonNode o) {
        JsonNode m = o.path("metadata");
        Map<String, String> tags = new TreeMap<>();
        m.path("tags")
                .properties()
                .forEach(e -> tags.put(e.getKey(), e.getValue().asString()));
        SecretMetadata meta = new SecretMetadata(
                m.get("name").asString(),
                text(m, "arn"),
                m.get("type").asString(),
                text(m, "description"),
                text(m, "kmsInstanceId"),
                text(m, "encryptionKeyId"),
                tags,
                text(m, "extendedConfig"),
                m.path("rotationEnabled").asBoolean(false),
                text(m, "rotationInterval"),
                time(m, "plannedDeleteTime"),
                time(m, "createTime"));
        List<VersionSnapshot> versions = new ArrayList<>();
        for (JsonNode v : o.path("versions")) {
            versions.add(new VersionSnapshot(v.get("id").asString(), time(v, "createTime"), strings(v.path("stages"))));
        }
        return new SecretSnapshot(meta, text(o, "policy"), versions);
    }

    /**
     * {@code warnings}: the texts, for people; {@code warning_levels}: the level of each, in order, for renderers,
     * written only when one is not a note (so plans without a caution read as before).
     */
    private static void warnings(ObjectNode o, List<Warning> warnings) {
        strings(o.putArray("warnings"), warnings.stream().map(Warning::text).toList());
        if (warnings.stream().anyMatch(w -> w.level() != Warning.Level.NOTE)) {
            ArrayNode levels = o.putArray("warning_levels");
            warnings.forEach(w -> levels.add(w.level().wire()));
        }
    }

    private static List<Warning> warnings(JsonNode o) {
        List<String> texts = strings(o.path("warnings"));
        JsonNode levels = o.path("warning_levels");
        if (!levels.isMissingNode() && levels.size() != texts.size()) {
            throw new IllegalArgumentException(
                    "warning_levels has " + levels.size() + " levels for " + texts.size() + " warnings");
        }
        List<Warning> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(new Warning(
                    levels.isMissingNode()
                            ? Warning.Level.NOTE
                            : Warning.Level.byWire(levels.get(i).asString()),
                    texts.get(i)));
        }
        return out;
    }

    /** {@code diff}: the lines, for people; {@code diff_kinds}: what each is, in order, for renderers. */
    private static void diff(ObjectNode o, List<DiffLine> diff) {
        strings(o.putArray("diff"), diff.stream().map(DiffLine::text).toList());
        if (!diff.isEmpty()) {
            ArrayNode kinds = o.putArray("diff_kinds");
            diff.forEach(l -> kinds.add(l.kind().wire()));
        }
    }

    /** A saved plan's diff; one written before diff_kinds reads as context lines (shown uncoloured). */
    private static List<DiffLine> diff(JsonNode o) {
        List<String> texts = strings(o.path("diff"));
        JsonNode kinds = o.path("diff_kinds");
        if (!kinds.isMissingNode() && kinds.size() != texts.size()) {
            throw new IllegalArgumentException(
                    "diff_kinds has " + kinds.size() + " kinds for " + texts.size() + " diff lines");
        }
        List<DiffLine> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(new DiffLine(
                    kinds.isMissingNode()
                            ? DiffLine.Kind.CONTEXT
                            : DiffLine.Kind.byWire(kinds.get(i).asString()),
                    texts.get(i)));
        }
        return out;
    }

    private static void strings(ArrayNode arr, List<String> values) {
        values.forEach(arr::add);
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(x.asString()));
        return out;
    }

    private static void putText(ObjectNode o, String k, String v) {
        if (v == null) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    private static void putTime(ObjectNode o, String k, Instant t) {
        putText(o, k, t == null ? null : t.toString());
    }

    private static String text(JsonNode o, String k) {
        JsonNode v = o.path(k);
        return v.isString() ? v.asString() : null;
    }

    private static Instant time(JsonNode o, String k) {
        String s = text(o, k);
        return s == null ? null : Instant.parse(s);
    }
}
