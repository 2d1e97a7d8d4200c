package io.kmsmig.apply;

import io.kmsmig.kms.KmsPort;
import io.kmsmig.kms.NewSecret;
import io.kmsmig.kms.SecretValue;
import io.kmsmig.plan.Payload;
import io.kmsmig.plan.PlannedAction;
import io.kmsmig.state.SecretState;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The executors of the payloads a generic secret's plan holds, one method per kind, each one destination write
 * recorded through {@link ApplyContext#write}. Values come from {@link GenericRun#value}, read right before the write.
 */
final class GenericCalls implements Payload.Visitor<Void> {
    private final ApplyContext ctx;
    private final GenericRun run;
    private final PlannedAction a;
    private final KmsPort dest;
    private final String name;

    GenericCalls(ApplyContext ctx, GenericRun run, PlannedAction a) {
        this.ctx = ctx;
        this.run = run;
        this.a = a;
        this.dest = ctx.conn.destination();
        this.name = run.destinationName();
    }

    private <T> void write(String versionId, Supplier<T> call, UnaryOperator<SecretState> after) {
        ctx.write(run, a.seq(), a.action(), a.region(), versionId, a.stage(), call, after);
    }

    private void write(Runnable call) {
        write(
                null,
                () -> {
                    call.run();
                    return null;
                },
                s -> s);
    }

    @Override
    public Void create(Payload.Create c) {
        SecretValue v = run.value(c.versionId());
        NewSecret n = new NewSecret(
                name,
                c.secretType().wire(),
                c.versionId(),
                v,
                c.kmsInstanceId(),
                c.encryptionKeyId(),
                c.description(),
                c.tags(),
                null,
                false,
                null,
                c.copyPolicy() ? run.sourcePolicy() : null);
        write(c.versionId(), () -> dest.createSecret(n), s -> run.withVersion(s, c.versionId()));
        return null;
    }

    @Override
    public Void put(Payload.Put p) {
        SecretValue v = run.value(p.versionId());
        write(
                p.versionId(),
                () -> dest.putSecretValue(name, p.versionId(), v, p.stages().orElse(null)),
                s -> run.withVersion(s, p.versionId()));
        return null;
    }

    @Override
    public Void moveStage(Payload.MoveStage m) {
        write(
                m.versionId(),
                () -> {
                    dest.updateSecretVersionStage(name, m.stage(), m.fromVersion(), m.toVersion());
                    return null;
                },
                s -> s);
        return null;
    }

    @Override
    public Void updateDescription(Payload.UpdateDescription u) {
        write(() -> dest.updateSecretDescription(name, u.description() == null ? "" : u.description()));
        return null;
    }

    @Override
    public Void tag(Payload.Tag t) {
        write(() -> dest.tagResources(name, t.tags()));
        return null;
    }

    @Override
    public Void untag(Payload.Untag u) {
        write(() -> dest.untagResources(name, u.keys()));
        return null;
    }

    @Override
    public Void setPolicy(Payload.SetPolicy p) {
        write(() -> dest.setSecretPolicy(name, run.sourcePolicy()));
        return null;
    }

    @Override
    public Void rotation(Payload.Rotation r) {
        write(() -> dest.updateRotationPolicy(name, r.enabled(), r.interval()));
        return null;
    }

    @Override
    public Void createRam(Payload.CreateRam c) {
        throw notHere();
    }

    @Override
    public Void delete(Payload.Delete d) {
        throw notHere();
    }

    @Override
    public Void restore(Payload.Restore r) {
        throw notHere();
    }

    @Override
    public Void manual(Payload.Manual m) {
        throw notHere();
    }

    private IllegalStateException notHere() {
        return new IllegalStateException(
                "a generic secret's plan holds " + a.action().api());
    }
}
