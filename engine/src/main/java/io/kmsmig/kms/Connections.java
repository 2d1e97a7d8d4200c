package io.kmsmig.kms;

import com.aliyuncs.DefaultAcsClient;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The ports one command uses: the source and destination KMS (guarded), the source's ActionTrail, and the
 * destination instance gateway when configured. Clients are built on first use, so a command that only reads
 * the source never asks for destination credentials.
 */
public final class Connections {
    private final RegionTarget source;
    private final RegionTarget destination;
    private final GatewayTarget gateway;
    private final Guard guard;
    private final int parallelism;

    @GuardedBy("this")
    private KmsPort sourcePort;

    @GuardedBy("this")
    private KmsPort destinationPort;

    @GuardedBy("this")
    private ActionTrailPort trail;

    @GuardedBy("this")
    private DefaultAcsClient sourceClient;

    private InstanceGatewayPort gatewayPort;
    private final Set<String> ownKeys = ConcurrentHashMap.newKeySet();

    @GuardedBy("this")
    private DefaultAcsClient destinationClient;

    private CallerIdentityLookup sourceIdentity;
    private CallerIdentityLookup destinationIdentity;

    public Connections(
            RegionTarget source, RegionTarget destination, GatewayTarget gateway, Guard guard, int parallelism) {
        this.source = source;
        this.destination = destination;
        this.gateway = gateway;
        this.guard = guard;
        this.parallelism = parallelism;
    }

    /**
     * Connections over ports made elsewhere: the test seam for an in-memory KMS (tests' MemoryCloud), which runs the
     * engine's logic without HTTP or TLS. The KMS ports are guarded here as the SDK ones are; {@code trail} and
     * {@code gateway} (may be null) are used as given.
     */
    public static Connections of(
            RegionTarget source,
            RegionTarget destination,
            KmsPort sourceKms,
            KmsPort destinationKms,
            ActionTrailPort trail,
            InstanceGatewayPort gateway,
            Set<String> ownKeyIds,
            Guard guard) {
        return of(source, destination, sourceKms, destinationKms, trail, gateway, ownKeyIds, guard, () -> {
            throw new IllegalStateException("no STS in these connections");
        });
    }

    /** As above, with {@code identity} answering who kmsmig is (for both regions' credentials). */
    public static Connections of(
            RegionTarget source,
            RegionTarget destination,
            KmsPort sourceKms,
            KmsPort destinationKms,
            ActionTrailPort trail,
            InstanceGatewayPort gateway,
            Set<String> ownKeyIds,
            Guard guard,
            CallerIdentityPort identity) {
        Connections c = new Connections(source, destination, null, guard, 1);
        c.sourceIdentity = new CallerIdentityLookup(identity, source.label());
        c.destinationIdentity = new CallerIdentityLookup(identity, destination.label());
        synchronized (c) { // not shared yet, but the ports are @GuardedBy("this") and the rule has no exceptions
            c.sourcePort = new GuardedKms(sourceKms, guard);
            c.destinationPort = new GuardedKms(destinationKms, guard);
            c.trail = trail;
        }
        c.gatewayPort = gateway;
        c.ownKeys.addAll(ownKeyIds);
        return c;
    }

    /**
     * A guard with the spec's limits, the real clock and random, and retries waiting out their backoff on
     * {@code backoff} ({@link Sleeper#REAL} in production).
     */
    public static Guard guard(Map<String, Double> rateLimits, int maxAttempts, Sleeper backoff) {
        return new Guard(
                new RateLimits(rateLimits),
                RetryPolicy.of(maxAttempts),
                new CallMeter(),
                backoff,
                RandomGenerator.getDefault(),
                Clock.systemUTC());
    }

    public RegionTarget sourceTarget() {
        return source;
    }

    public RegionTarget destinationTarget() {
        return destination;
    }

    public CallMeter meter() {
        return guard.meter();
    }

    public Guard guard() {
        return guard;
    }

    public synchronized KmsPort source() {
        if (sourcePort == null) {
            sourcePort = new GuardedKms(new AliyunKms(sourceClient(), source.region(), source.kmsEndpoint()), guard);
        }
        return sourcePort;
    }

    public synchronized KmsPort destination() {
        if (destinationPort == null) {
            destinationPort = new GuardedKms(
                    new AliyunKms(destinationClient(), destination.region(), destination.kmsEndpoint()), guard);
        }
        return destinationPort;
    }

    public synchronized ActionTrailPort sourceTrail() {
        if (trail == null) {
            trail = new AliyunActionTrail(sourceClient(), source.region(), source.actionTrailEndpoint(), guard);
        }
        return trail;
    }

    /** The access key ids kmsmig itself signs with (resolved so far), to tell its own ActionTrail events. */
    public Set<String> ownAccessKeyIds() {
        source();
        return Set.copyOf(ownKeys);
    }

    /**
     * Who kmsmig is in this run: the caller identity (STS GetCallerIdentity) of each credential it has used so far,
     * the source's always (every command reads it). Asked once per credential. A credential whose identity STS did not
     * give is left out: its calls are then recognised by access key id only, and {@link #identityProblems()} says why.
     */
    public synchronized Set<CallerIdentity> ownIdentities() {
        if (sourceIdentity == null) {
            sourceClient();
        }
        Set<CallerIdentity> out = new HashSet<>();
        sourceIdentity.get().ifPresent(out::add);
        if (destinationIdentity != null) {
            destinationIdentity.get().ifPresent(out::add);
        }
        return Set.copyOf(out);
    }

    /** The principals of {@link #ownIdentities()}, sorted: what the state records kmsmig worked as. */
    public List<String> ownPrincipals() {
        return ownIdentities().stream()
                .map(CallerIdentity::principal)
                .sorted()
                .distinct()
                .toList();
    }

    /** Why a credential's identity is unknown (one line per credential), empty when all are known. */
    public synchronized List<String> identityProblems() {
        List<String> out = new ArrayList<>();
        for (CallerIdentityLookup l : new CallerIdentityLookup[] {sourceIdentity, destinationIdentity}) {
            if (l != null && l.problem() != null) {
                out.add(l.problem());
            }
        }
        return out;
    }

    /** The application path, or null when the spec configures no instance endpoint and client key. */
    public InstanceGatewayPort gateway() {
        return gatewayPort != null ? gatewayPort : gateway == null ? null : new DkmsGateway(gateway);
    }

    public boolean hasGateway() {
        return gateway != null || gatewayPort != null;
    }

    @GuardedBy("this")
    private DefaultAcsClient sourceClient() {
        if (sourceClient == null) {
            sourceClient = AliyunClients.client(source, parallelism, ownKeys::add);
            sourceIdentity = new CallerIdentityLookup(
                    new AliyunSts(sourceClient, source.region(), source.stsEndpoint()), source.label());
        }
        return sourceClient;
    }

    @GuardedBy("this")
    private DefaultAcsClient destinationClient() {
        if (destinationClient == null) {
            destinationClient = AliyunClients.client(destination, parallelism, ownKeys::add);
            destinationIdentity = new CallerIdentityLookup(
                    new AliyunSts(destinationClient, destination.region(), destination.stsEndpoint()),
                    destination.label());
        }
        return destinationClient;
    }
}
