package io.kmsmig.plan;

import io.kmsmig.kms.SecretType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An action's payload in plan JSON ({@code actions[].payload}, schemas/plan.v2.schema.json): the machine half of an
 * action, which a saved plan's apply executes. {@code kind} names the record; the other keys are its components.
 */
final class PayloadJson implements Payload.Visitor<ObjectNode> {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final PayloadJson INSTANCE = new PayloadJson();

    private PayloadJson() {}

    static ObjectNode write(Payload p) {
        return p.accept(INSTANCE);
    }

    private static ObjectNode kind(String kind) {
        return F.objectNode().put("kind", kind);
    }

    @Override
    public ObjectNode create(Payload.Create c) {
        ObjectNode o = kind("create").put("secretType", c.secretType().wire()).put("versionId", c.versionId());
        text(o, "kmsInstanceId", c.kmsInstanceId());
        text(o, "encryptionKeyId", c.encryptionKeyId());
        text(o, "description", c.description());
        ObjectNode tags = o.putObject("tags");
        c.tags().forEach(tags::put);
        return o.put("copyPolicy", c.copyPolicy());
    }

    @Override
    public ObjectNode createRam(Payload.CreateRam c) {
        ObjectNode o = kind("create-ram");
        text(o, "kmsInstanceId", c.kmsInstanceId());
        text(o, "encryptionKeyId", c.encryptionKeyId());
        return o;
    }

    @Override
    public ObjectNode put(Payload.Put p) {
        ObjectNode o = kind("put").put("versionId", p.versionId());
        if (p.stages().isPresent()) {
            p.stages().get().forEach(o.putArray("stages")::add);
        } else {
            o.putNull("stages");
        }
        return o;
    }

    @Override
    public ObjectNode moveStage(Payload.MoveStage m) {
        ObjectNode o = kind("move-stage").put("stage", m.stage());
        text(o, "fromVersion", m.fromVersion());
        text(o, "toVersion", m.toVersion());
        return o;
    }

    @Override
    public ObjectNode updateDescription(Payload.UpdateDescription u) {
        return text(kind("update-description"), "description", u.description());
    }

    @Override
    public ObjectNode tag(Payload.Tag t) {
        ObjectNode o = kind("tag");
        ObjectNode tags = o.putObject("tags");
        t.tags().forEach(tags::put);
        return o;
    }

    @Override
    public ObjectNode untag(Payload.Untag u) {
        ObjectNode o = kind("untag");
        u.keys().forEach(o.putArray("keys")::add);
        return o;
    }

    @Override
    public ObjectNode rotation(Payload.Rotation r) {
        return text(kind("rotation").put("enabled", r.enabled()), "interval", r.interval());
    }

    @Override
    public ObjectNode setPolicy(Payload.SetPolicy p) {
        return kind("set-policy").put("policyName", p.policyName());
    }

    @Override
    public ObjectNode delete(Payload.Delete d) {
        return kind("delete").put("windowDays", d.windowDays()).put("force", d.force());
    }

    @Override
    public ObjectNode restore(Payload.Restore r) {
        return kind("restore");
    }

    @Override
    public ObjectNode manual(Payload.Manual m) {
        ObjectNode o = kind("manual")
                .put("sourceInstance", m.sourceInstance())
                .put("destinationInstance", m.destinationInstance());
        m.steps().forEach(o.putArray("steps")::add);
        return o;
    }

    /** Reads a payload the schema has checked; a component no record accepts is an IllegalArgumentException. */
    static Payload read(JsonNode o) {
        String kind = o.path("kind").asString();
        return switch (kind) {
            case "create" ->
                new Payload.Create(
                        secretType(o.path("secretType").asString()),
                        o.path("versionId").asString(),
                        text(o, "kmsInstanceId"),
                        text(o, "encryptionKeyId"),
                        text(o, "description"),
                        map(o.path("tags")),
                        o.path("copyPolicy").asBoolean());
            case "create-ram" -> new Payload.CreateRam(text(o, "kmsInstanceId"), text(o, "encryptionKeyId"));
            case "put" ->
                new Payload.Put(
                        o.path("versionId").asString(),
                        o.path("stages").isArray() ? Optional.of(list(o.path("stages"))) : Optional.empty());
            case "move-stage" ->
                new Payload.MoveStage(o.path("stage").asString(), text(o, "fromVersion"), text(o, "toVersion"));
            case "update-description" -> new Payload.UpdateDescription(text(o, "description"));
            case "tag" -> new Payload.Tag(map(o.path("tags")));
            case "untag" -> new Payload.Untag(list(o.path("keys")));
            case "rotation" -> new Payload.Rotation(o.path("enabled").asBoolean(), text(o, "interval"));
            case "set-policy" -> new Payload.SetPolicy(o.path("policyName").asString());
            case "delete" ->
                new Payload.Delete(o.path("windowDays").asInt(), o.path("force").asBoolean());
            case "restore" -> new Payload.Restore();
            case "manual" ->
                new Payload.Manual(
                        o.path("sourceInstance").asString(),
                        o.path("destinationInstance").asString(),
                        list(o.path("steps")));
            default -> throw new IllegalArgumentException("unknown payload kind " + kind);
        };
    }

    private static SecretType secretType(String wire) {
        SecretType t = SecretType.of(wire);
        if (t == SecretType.OTHER) {
            throw new IllegalArgumentException("unknown secret type " + wire);
        }
        return t;
    }

    private static ObjectNode text(ObjectNode o, String k, String v) {
        return v == null ? o.putNull(k) : o.put(k, v);
    }

    private static String text(JsonNode o, String k) {
        JsonNode v = o.path(k);
        return v.isString() ? v.asString() : null;
    }

    private static List<String> list(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(x.asString()));
        return out;
    }

    private static Map<String, String> map(JsonNode obj) {
        Map<String, String> out = new TreeMap<>();
        obj.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }
}
