package io.kmsmig.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** State and its records as JSON ({@code schemas/state.v1.schema.json}); the on-disk form, apart from the model. */
public final class StateCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private StateCodec() {}

    public static ObjectNode write(State s) {
        ObjectNode o = F.objectNode();
        o.put("format_version", s.formatVersion());
        o.put("lineage", s.lineage());
        o.put("serial", s.serial());
        o.put("spec_name", s.specName());
        text(o, "spec_sha256", s.specSha256());
        time(o, "updated_at", s.updatedAt());
        if (s.lastApply() == null) {
            o.putNull("last_apply");
        } else {
            o.set("last_apply", apply(s.lastApply()));
        }
        ObjectNode secrets = o.putObject("secrets");
        new TreeMap<>(s.secrets()).forEach((k, v) -> secrets.set(k, secret(v)));
        return o;
    }

    public static ObjectNode apply(ApplyRecord a) {
        ObjectNode o = F.objectNode().put("plan_id", a.planId()).put("base_serial", a.baseSerial());
        time(o, "started_at", a.startedAt());
        time(o, "finished_at", a.finishedAt());
        return o;
    }

    public static ObjectNode secret(SecretState s) {
        ObjectNode o = F.objectNode();
        o.put("source_region", s.sourceRegion()).put("source_name", s.sourceName());
        text(o, "source_arn", s.sourceArn());
        o.put("destination_region", s.destinationRegion()).put("destination_name", s.destinationName());
        text(o, "destination_arn", s.destinationArn());
        o.put("type", s.type()).put("disposition", s.disposition());
        ArrayNode vs = o.putArray("versions");
        for (MigratedVersion v : s.versions()) {
            ObjectNode vo = vs.addObject().put("id", v.versionId());
            time(vo, "source_created", v.sourceCreated());
            time(vo, "destination_created", v.destinationCreated());
        }
        ObjectNode stages = o.putObject("stages");
        new TreeMap<>(s.stages()).forEach(stages::put);
        o.put("status", s.status().wire());
        text(o, "last_action", s.lastAction());
        text(o, "last_error_code", s.lastErrorCode());
        time(o, "updated_at", s.updatedAt());
        text(o, "destination_digest", s.destinationDigest());
        if (s.verification() == null) {
            o.putNull("verification");
        } else {
            Verification v = s.verification();
            ObjectNode vo = o.putObject("verification");
            time(vo, "at", v.at());
            vo.put("passed", v.passed()).put("source_fingerprint", v.sourceFingerprint());
            text(vo, "destination_fingerprint", v.destinationFingerprint());
            vo.put("via_instance", v.viaInstance());
            ArrayNode d = vo.putArray("differences");
            v.differences().forEach(d::add);
        }
        if (s.sourceDeletion() == null) {
            o.putNull("source_deletion");
        } else {
            ObjectNode d = o.putObject("source_deletion");
            time(d, "deleted_at", s.sourceDeletion().deletedAt());
            time(d, "planned_purge", s.sourceDeletion().plannedPurge());
            d.put("recovery_window_days", s.sourceDeletion().recoveryWindowDays());
        }
        if (s.inFlight() == null) {
            o.putNull("in_flight");
        } else {
            InFlight f = s.inFlight();
            ObjectNode fo = o.putObject("in_flight")
                    .put("seq", f.seq())
                    .put("action", f.action().api());
            text(fo, "version_id", f.versionId());
            text(fo, "stage", f.stage());
            time(fo, "started_at", f.startedAt());
        }
        if (!s.identities().isEmpty()) {
            // Optional, so states of secrets no kmsmig recorded identities for stay byte-identical.
            ArrayNode ids = o.putArray("identities");
            s.identities().forEach(ids::add);
        }
        return o;
    }

    public static State read(JsonNode o) {
        Map<String, SecretState> secrets = new TreeMap<>();
        o.path("secrets").properties().forEach(e -> secrets.put(e.getKey(), secret(e.getValue())));
        JsonNode la = o.path("last_apply");
        return new State(
                o.get("format_version").asInt(),
                o.get("lineage").asString(),
                o.get("serial").asLong(),
                o.get("spec_name").asString(),
                str(o, "spec_sha256"),
                instant(o, "updated_at"),
                secrets,
                la.isObject() ? apply(la) : null);
    }

    public static ApplyRecord apply(JsonNode la) {
        return new ApplyRecord(
                la.get("plan_id").asString(),
                la.get("base_serial").asLong(),
                instant(la, "started_at"),
                instant(la, "finished_at"));
    }

    public static SecretState secret(JsonNode o) {
        List<MigratedVersion> versions = new ArrayList<>();
        for (JsonNode v : o.path("versions")) {
            versions.add(new MigratedVersion(
                    v.get("id").asString(), instant(v, "source_created"), instant(v, "destination_created")));
        }
        Map<String, String> stages = new TreeMap<>();
        o.path("stages")
                .properties()
                .forEach(e -> stages.put(e.getKey(), e.getValue().asString()));
        JsonNode v = o.path("verification");
        Verification verification = null;
        if (v.isObject()) {
            List<String> diffs = new ArrayList<>();
            v.path("differences").forEach(d -> diffs.add(d.asString()));
            verification = new Verification(
                    instant(v, "at"),
                    v.path("passed").asBoolean(),
                    str(v, "source_fingerprint"),
                    str(v, "destination_fingerprint"),
                    diffs,
                    v.path("via_instance").asBoolean()); // a state from before destination fingerprints: null
        }
        JsonNode d = o.path("source_deletion");
        SourceDeletion deletion = d.isObject()
                ? new SourceDeletion(
                        instant(d, "deleted_at"),
                        instant(d, "planned_purge"),
                        d.path("recovery_window_days").asInt())
                : null;
        JsonNode f = o.path("in_flight");
        InFlight inFlight = f.isObject()
                ? new InFlight(
                        f.path("seq").asInt(),
                        InFlight.Write.byApi(str(f, "action")),
                        str(f, "version_id"),
                        str(f, "stage"),
                        instant(f, "started_at"))
                : null;
        return SecretState.builder()
                .sourceRegion(str(o, "source_region"))
                .sourceName(str(o, "source_name"))
                .sourceArn(str(o, "source_arn"))
                .destinationRegion(str(o, "destination_region"))
                .destinationName(str(o, "destination_name"))
                .destinationArn(str(o, "destination_arn"))
                .type(str(o, "type"))
                .disposition(str(o, "disposition"))
                .versions(versions)
                .stages(stages)
                .status(SecretStatus.byWire(o.get("status").asString()))
                .lastAction(str(o, "last_action"))
                .lastErrorCode(str(o, "last_error_code"))
                .updatedAt(instant(o, "updated_at"))
                .destinationDigest(str(o, "destination_digest"))
                .verification(verification)
                .sourceDeletion(deletion)
                .inFlight(inFlight)
                .identities(identities(o))
                .build();
    }

    private static List<String> identities(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.path("identities").forEach(i -> out.add(i.asString()));
        return out;
    }

    private static void text(ObjectNode o, String k, String v) {
        if (v == null) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    private static void time(ObjectNode o, String k, Instant t) {
        text(o, k, t == null ? null : t.toString());
    }

    private static String str(JsonNode o, String k) {
        JsonNode v = o.path(k);
        return v.isString() ? v.asString() : null;
    }

    private static Instant instant(JsonNode o, String k) {
        String s = str(o, k);
        return s == null ? null : Instant.parse(s);
    }
}
