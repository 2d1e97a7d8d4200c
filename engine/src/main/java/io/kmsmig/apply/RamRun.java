package io.kmsmig.apply;

import io.kmsmig.diag.CodedFailure;
import io.kmsmig.kms.KmsCallException;
import io.kmsmig.kms.KmsCode;
import io.kmsmig.kms.KmsPort;
import io.kmsmig.kms.NewSecret;
import io.kmsmig.kms.SecretType;
import io.kmsmig.kms.SecretValue;
import io.kmsmig.plan.Action;
import io.kmsmig.plan.Payload;
import io.kmsmig.plan.PlannedAction;
import io.kmsmig.plan.SecretPlan;
import io.kmsmig.snapshot.Fingerprints;
import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.state.InFlight;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.SourceDeletion;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A RAM secret's delete-and-recreate (migration procedure, "RAM secret"): read the current value, DeleteSecret in
 * the source with the recovery window (never force), CreateSecret in the destination with the same name, type and
 * extended config, verify. If a step after the deletion fails, the source is restored. The value is never
 * persisted: it lives in this object only until the secret is done.
 */
final class RamRun implements SecretRun {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ApplyContext ctx;
    private final SecretPlan sp;
    private final SecretSnapshot src;
    private final KmsPort source;
    private final KmsPort dest;
    private SecretState state;

    RamRun(ApplyContext ctx, SecretPlan sp) {
        this.ctx = ctx;
        this.sp = sp;
        this.src = sp.source();
        this.source = ctx.conn.source();
        this.dest = ctx.conn.destination();
    }

    Outcome run(boolean reconcile) {
        state = ctx.stateOf(sp);
        PlannedAction delete = sp.actions().get(0);
        PlannedAction create = sp.actions().get(1);
        Payload.Delete deletion = delete.payload(Payload.Delete.class);
        Payload.CreateRam creation = create.payload(Payload.CreateRam.class);
        if (reconcile && state.sourceDeletion() != null) {
            Optional<String> created = ramSecretOfUser();
            if (created.isPresent()) {
                state = named(state, created.get());
                return finish();
            }
            // An earlier run deleted the source and stopped before creating the destination: restore, start over.
            restoreSource(delete.seq());
        } else if (reconcile && state.inFlight() != null && state.inFlight().action() == InFlight.Write.DELETE_SECRET) {
            // An earlier run stopped around its DeleteSecret, before recording the answer: the source may be pending
            // deletion, which no read would pass. Restore it (a live one answers ResourceInUse), start over.
            restoreSource(delete.seq());
        }
        if (ctx.stopping.get()) {
            return Outcome.NOT_STARTED;
        }
        String accessKeys = accessKeys();
        int window = deletion.windowDays();
        ctx.write(
                this,
                delete.seq(),
                Action.DELETE_SECRET,
                ctx.spec.source().region(),
                null,
                null,
                () -> {
                    try {
                        return source.deleteSecret(sp.sourceName(), window, false);
                    } catch (KmsCallException e) {
                        if (e.is(KmsCode.RESOURCE_IN_DELETE_WINDOW)) {
                            return null; // an earlier attempt's answer was lost; it is deleted
                        }
                        throw e;
                    }
                },
                s -> s.withSourceDeletion(
                        new SourceDeletion(
                                ctx.clock.instant(), ctx.clock.instant().plus(Duration.ofDays(window)), window),
                        s.status(),
                        Action.DELETE_SECRET.api(),
                        ctx.clock.instant()));
        try {
            var m = src.metadata();
            String current = src.stageMap()
                    .getOrDefault(
                            "ACSCurrent",
                            src.versions().get(src.versions().size() - 1).versionId());
            NewSecret n = new NewSecret(
                    "$Auto",
                    SecretType.RAM_CREDENTIALS.wire(),
                    current,
                    new SecretValue(accessKeys, "text"),
                    creation.kmsInstanceId(),
                    creation.encryptionKeyId(),
                    m.description(),
                    m.tags(),
                    m.extendedConfig(),
                    m.rotationEnabled(),
                    m.rotationInterval(),
                    null);
            // KMS names the secret from the RAM user's display name (kms-openapi.md §12.2, §19), which kmsmig cannot
            // know: the name is the one CreateSecret answers, or, when an earlier attempt's answer was lost, the one
            // found holding this user's keys.
            String name = ctx.write(
                    this,
                    create.seq(),
                    Action.CREATE_SECRET,
                    ctx.spec.destination().region(),
                    current,
                    null,
                    () -> {
                        try {
                            return dest.createSecret(n);
                        } catch (KmsCallException e) {
                            if (e.is(KmsCode.RESOURCE_EXIST)) {
                                return ramSecretOfUser().orElseThrow(() -> e);
                            }
                            throw e;
                        }
                    },
                    this::named);
            var created = dest.describeSecret(name);
            if (created.isEmpty() || created.get().secretType() != SecretType.RAM_CREDENTIALS) {
                throw new ApplyFailure(
                        ApplyCode.VERIFY_FAILED,
                        "the RAM secret was not found in "
                                + ctx.spec.destination().region() + " as " + name + " after CreateSecret");
            }
        } catch (RuntimeException e) {
            restoreSource(delete.seq());
            String why = e instanceof KmsCallException k ? k.getMessage() : e.getMessage();
            throw new ApplyFailure(
                    e instanceof CodedFailure c ? c.failureCode() : ApplyCode.FAILED,
                    why + "; the source RAM secret was restored");
        }
        return finish();
    }

    /** The state with the destination name KMS gave the secret (the plan's is only the likely one). */
    private SecretState named(SecretState s, String name) {
        return s.toBuilder().destinationName(name).build();
    }

    /**
     * The destination's RAM secret of the source's RAM user (its ExtendedConfig.UserName), by name: first the plan's
     * name, then every acs/ram/user/ secret of the region (KMS keeps one RAM secret per user, §12.2).
     */
    private Optional<String> ramSecretOfUser() {
        String user = userName(src.metadata().extendedConfig());
        if (user == null) {
            return dest.describeSecret(sp.destinationName()).map(m -> sp.destinationName());
        }
        if (dest.describeSecret(sp.destinationName())
                .filter(m -> user.equals(userName(m.extendedConfig())))
                .isPresent()) {
            return Optional.of(sp.destinationName());
        }
        for (int page = 1; ; page++) {
            var p = dest.listSecrets(page, 100, null);
            for (var s : p.items()) {
                if (SecretType.isRam(s.type())
                        && s.name().startsWith("acs/ram/user/")
                        && dest.describeSecret(s.name())
                                .filter(m -> user.equals(userName(m.extendedConfig())))
                                .isPresent()) {
                    return Optional.of(s.name());
                }
            }
            if (p.items().size() < 100 || (long) page * 100 >= p.totalCount()) {
                return Optional.empty();
            }
        }
    }

    private static String userName(String extendedConfig) {
        if (extendedConfig == null) {
            return null;
        }
        try {
            JsonNode u = JSON.readTree(extendedConfig).get("UserName");
            return u != null && u.isString() && !u.asString().isEmpty() ? u.asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Outcome finish() {
        SecretState s = state;
        state = ctx.finish(
                s.toBuilder()
                        .disposition(sp.disposition().wire())
                        .stages(src.stageMap())
                        .status(SecretStatus.MIGRATED)
                        .lastErrorCode(null)
                        .updatedAt(ctx.clock.instant())
                        .destinationDigest(Fingerprints.content(src))
                        .inFlight(null)
                        .build(),
                SecretStatus.MIGRATED,
                null);
        return Outcome.MIGRATED;
    }

    private void restoreSource(int seq) {
        ctx.write(
                this,
                seq,
                Action.RESTORE_SECRET,
                ctx.spec.source().region(),
                null,
                null,
                () -> {
                    try {
                        source.restoreSecret(sp.sourceName());
                    } catch (KmsCallException e) {
                        if (!e.is(KmsCode.RESOURCE_IN_USE)) {
                            throw e;
                        }
                    }
                    return null;
                },
                s -> s.withSourceDeletion(null, s.status(), Action.RESTORE_SECRET.api(), ctx.clock.instant()));
    }

    /**
     * CreateSecret takes every AccessKey pair of the user as {"AccessKeys":[...]}; GetSecretValue answers one pair
     * per stage (kms-openapi.md §3, §7). Current first, then previous.
     */
    private String accessKeys() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String stage : List.of("ACSCurrent", "ACSPrevious")) {
            if (!src.stageMap().containsKey(stage)) {
                continue;
            }
            SecretValue v = ctx.read(
                    sp.sourceName(),
                    "GetSecretValue",
                    ctx.spec.source().region(),
                    stage,
                    () -> source.getSecretValueByStage(sp.sourceName(), stage));
            JsonNode j;
            try {
                j = JSON.readTree(v.reveal());
            } catch (RuntimeException e) {
                throw badValue(stage, "is not JSON");
            }
            JsonNode id = j == null ? null : j.get("AccessKeyId");
            JsonNode secret = j == null ? null : j.get("AccessKeySecret");
            if (!nonEmptyString(id) || !nonEmptyString(secret)) {
                throw badValue(stage, "lacks a non-empty AccessKeyId or AccessKeySecret");
            }
            pairs.putIfAbsent(id.asString(), secret.asString());
        }
        ArrayNode keys = JSON.createArrayNode();
        pairs.forEach((id, secret) -> keys.addObject().put("AccessKeyId", id).put("AccessKeySecret", secret));
        return JSON.writeValueAsString(JSON.createObjectNode().set("AccessKeys", keys));
    }

    private static boolean nonEmptyString(JsonNode n) {
        return n != null && n.isString() && !n.asString().isEmpty();
    }

    /**
     * A value that is not the documented {AccessKeyId, AccessKeySecret} (kms-openapi.md §7) cannot be re-created
     * (§3 refuses empty AccessKeys): fail before the DeleteSecret, so the source stays as it is. Never names the value.
     */
    private ApplyFailure badValue(String stage, String what) {
        return new ApplyFailure(
                ApplyCode.BAD_RAM_VALUE,
                "the RAM secret's " + stage + " value in " + ctx.spec.source().region()
                        + " " + what
                        + " (KMS documents {\"AccessKeyId\":...,\"AccessKeySecret\":...}); it was not deleted "
                        + "and nothing was created in " + ctx.spec.destination().region()
                        + ". Rotate the AccessKey of the RAM "
                        + "user in " + ctx.spec.source().region() + " so KMS stores a complete pair, then apply again");
    }

    @Override
    public SecretState state() {
        return state;
    }

    @Override
    public void state(SecretState recorded) {
        state = recorded;
    }
}
