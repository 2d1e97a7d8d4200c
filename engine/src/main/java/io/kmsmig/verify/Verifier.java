package io.kmsmig.verify;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.kms.Connections;
import io.kmsmig.kms.InstanceGatewayPort;
import io.kmsmig.kms.KmsCallException;
import io.kmsmig.kms.SecretType;
import io.kmsmig.kms.SecretValue;
import io.kmsmig.parallel.ParallelRunner;
import io.kmsmig.snapshot.Fingerprints;
import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.snapshot.Snapshotter;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Verifies every secret the state holds as migrated, in parallel. */
public final class Verifier {
    private final MigrationSpec spec;
    private final Connections conn;
    private final int parallelism;

    public Verifier(MigrationSpec spec, Connections conn, int parallelism) {
        this.spec = spec;
        this.conn = conn;
        this.parallelism = parallelism;
    }

    public VerifyReport verify(State state, boolean viaInstance, Clock clock) {
        String keyId = conn.destination()
                .describeKey(spec.destination().encryptionKeyId())
                .map(k -> k.keyId())
                .orElse(spec.destination().encryptionKeyId());
        Comparison cmp = new Comparison(spec.destination().kmsInstanceId(), keyId);
        InstanceGatewayPort gateway = viaInstance ? conn.gateway() : null;
        List<SecretState> todo = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (SecretState s : state.secrets().values()) {
            if (s.sourceDeletion() != null) {
                skipped.add(s.sourceName() + ": deleted in the source"
                        + (SecretType.isRam(s.type()) ? " by the RAM delete-and-recreate" : " by cutover")
                        + ", restorable until " + s.sourceDeletion().plannedPurge());
            } else if (s.status() == SecretStatus.MIGRATED || s.status() == SecretStatus.VERIFIED) {
                todo.add(s);
            } else {
                skipped.add(s.sourceName() + ": " + s.status().wire() + ", not migrated yet");
            }
        }
        List<SecretVerification> results;
        try {
            results = new ParallelRunner(parallelism, "kmsmig-verify").map(todo, s -> one(s, cmp, gateway));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KmsmigException(ErrorCode.INTERRUPTED, "Verify was interrupted; nothing was recorded.");
        }
        return new VerifyReport(
                spec.name(),
                spec.source().region(),
                spec.destination().region(),
                viaInstance,
                results,
                skipped,
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    private SecretVerification one(SecretState s, Comparison cmp, InstanceGatewayPort gateway) {
        try {
            Optional<SecretSnapshot> src = Snapshotter.readOne(conn.source(), s.sourceName());
            if (src.isEmpty()) {
                return new SecretVerification(
                        s.sourceName(),
                        s.destinationName(),
                        SecretVerification.Result.ERROR,
                        List.of(Difference.whole(
                                Difference.Kind.SOURCE_GONE,
                                "it no longer exists in " + spec.source().region())),
                        null,
                        null);
            }
            String fp = Fingerprints.verifiedSource(src.get());
            Optional<SecretSnapshot> dst = Snapshotter.readOne(
                    conn.destination(), s.destinationName(), src.get().policy() != null);
            if (dst.isEmpty()) {
                return new SecretVerification(
                        s.sourceName(),
                        s.destinationName(),
                        SecretVerification.Result.DIFFERENT,
                        List.of(Difference.whole(
                                Difference.Kind.DESTINATION_MISSING,
                                "it is missing in " + spec.destination().region())),
                        fp,
                        null);
            }
            List<Difference> diffs = new ArrayList<>(cmp.metadata(src.get(), dst.get()));
            diffs.addAll(cmp.values(src.get(), dst.get(), conn.source(), conn.destination()));
            if (gateway != null) {
                diffs.addAll(applicationPath(gateway, s, src.get()));
            }
            return new SecretVerification(
                    s.sourceName(),
                    s.destinationName(),
                    diffs.isEmpty() ? SecretVerification.Result.VERIFIED : SecretVerification.Result.DIFFERENT,
                    diffs,
                    fp,
                    Fingerprints.destination(dst.get()));
        } catch (KmsCallException e) {
            return new SecretVerification(
                    s.sourceName(),
                    s.destinationName(),
                    SecretVerification.Result.ERROR,
                    List.of(readFailed(e)),
                    null,
                    null);
        }
    }

    /**
     * Step 4: read it as the application will, through the instance endpoint with the client key. A failed read (a
     * 503, a refused client key) is thrown: the secret failed to read, which says nothing about a difference.
     */
    private List<Difference> applicationPath(InstanceGatewayPort gateway, SecretState s, SecretSnapshot src) {
        SecretValue app = gateway.getSecretValue(s.destinationName(), "ACSCurrent");
        SecretValue want = conn.source().getSecretValueByStage(s.sourceName(), "ACSCurrent");
        boolean same = src.metadata().generic() ? want.sameAs(app) : Comparison.sameManaged(want, app);
        return same
                ? List.of()
                : List.of(Difference.whole(
                        Difference.Kind.APPLICATION_PATH,
                        "the application path "
                                + "(instance endpoint) reads another ACSCurrent value than the source's"));
    }

    /** A read that failed: the report shows kmsmig's message; the state records the call and the KMS code. */
    static Difference readFailed(KmsCallException e) {
        return new Difference(Difference.Kind.READ_FAILED, e.action() + " failed: " + e.code(), e.getMessage());
    }
}
