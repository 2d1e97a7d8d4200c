package io.kmsmig.kms;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import io.kmsmig.emulator.actiontrail.AuditEvent;
import io.kmsmig.emulator.actiontrail.AuditLog;
import io.kmsmig.emulator.faults.CallLog;
import io.kmsmig.emulator.faults.Decision;
import io.kmsmig.emulator.faults.FaultConfig;
import io.kmsmig.emulator.faults.Faults;
import io.kmsmig.emulator.openapi.RpcEndpoint;
import io.kmsmig.emulator.world.AccessKey;
import io.kmsmig.emulator.world.EmulatorClock;
import io.kmsmig.emulator.world.InstanceBackups;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.World;
import io.kmsmig.emulator.world.WorldDocument;
import io.kmsmig.emulator.world.WorldFile;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulator's world model in this JVM with no HTTP and no TLS: its {@link World} (the KMS rules of
 * {@code SecretReads}/{@code SecretWrites}), its {@link Faults} (throttling, 5xx, dropped connections, a failure on
 * the n-th write), its {@link CallLog} and its ActionTrail {@link AuditLog}, as the HTTPS endpoints use them.
 * {@link #kms} and {@link #trail} are the ports over it: planner, applier and cutover logic runs against them in
 * milliseconds, while the end-to-end tests keep going through the real SDKs to the emulator (STYLE.md 13).
 *
 * <p>Errors take the real adapter's path: a world error becomes the SDK exception the wire answer would give
 * (≥ 500 a {@code ServerException}, else a {@code ClientException}; a dropped connection SDK.ServerUnreachable) and
 * {@link SdkErrors#map} turns it into the {@link KmsCallException}, so codes and kinds match (MemoryParityTest).
 */
public final class MemoryCloud {
    /** The endpoint named in error messages (the adapter names the host it called). */
    static final String ENDPOINT = "in-memory";

    private final World world;
    private final Faults faults;
    private final CallLog calls = new CallLog();
    private final AuditLog audit = new AuditLog();
    private volatile java.util.function.LongConsumer writeHook = n -> {};

    private MemoryCloud(WorldDocument doc) {
        this.world = doc.world();
        this.faults = new Faults(FaultConfig.fromJson(doc.faults()));
        audit.load(doc.events());
    }

    /** A world from sandbox-world YAML (the emulator's seed format), on {@code clock} (the emulator adds its offset). */
    public static MemoryCloud ofYaml(String worldYaml, Clock clock) {
        return new MemoryCloud(WorldFile.parse(worldYaml.getBytes(StandardCharsets.UTF_8), new EmulatorClock(clock)));
    }

    public World world() {
        return world;
    }

    public EmulatorClock clock() {
        return world.clock();
    }

    public CallLog calls() {
        return calls;
    }

    public AuditLog audit() {
        return audit;
    }

    /** Replaces the faults (and resets their counters and buckets), as the emulator's admin endpoint does. */
    public void setFaults(FaultConfig config) {
        faults.set(config);
    }

    /** The console's backup of a KMS instance restored into another instance, as the emulator's admin does it. */
    public List<String> restoreInstanceBackup(
            String fromRegion, String fromInstance, String toRegion, String toInstance, String toKey) {
        return world.write(w -> InstanceBackups.restore(w, fromRegion, fromInstance, toRegion, toInstance, toKey));
    }

    /** Runs {@code hook} after each applied write with the running write count, before the caller gets the answer. */
    public void onWriteApplied(java.util.function.LongConsumer hook) {
        this.writeHook = hook;
    }

    /** The world as the emulator's dump shows it (values included), for assertions. */
    public ObjectNode dump() {
        return world.read(w -> WorldFile.toJson(w, faults.config().toJson(), audit.toJson()));
    }

    /** The KMS API of {@code region}, called by kmsmig with the access key {@code accessKeyId} of the world. */
    public KmsPort kms(String region, String accessKeyId) {
        return new MemoryKms(this, region, caller(accessKeyId), userAgent());
    }

    /** The KMS API of {@code region} as another program calls it: its own access key and User-Agent. */
    public KmsPort kms(String region, String accessKeyId, String userAgent) {
        return new MemoryKms(this, region, caller(accessKeyId), userAgent);
    }

    /** Replaces every region's secrets and the semantics with those of a world dump, as the emulator's admin does. */
    public void replaceWorld(tools.jackson.databind.JsonNode worldJson) {
        WorldDocument doc =
                WorldFile.parsePersisted(WorldFile.persistedBytes(worldJson), new EmulatorClock(Clock.systemUTC()));
        world.write(w -> {
            w.replaceSecrets(doc.world().read(World::copySecrets));
            w.setSemantics(doc.world().semantics());
            return null;
        });
    }

    /** The ActionTrail LookupEvents of {@code region}, unguarded. */
    public ActionTrailPort trail(String region) {
        return new MemoryTrail(this, region, null);
    }

    /**
     * What kmsmig commands connect to when run over this cloud (CliRun.ports): the spec's source and destination
     * regions as {@code accessKeyId} calls them, the source's ActionTrail, no instance gateway. The guard retries as the
     * spec says but never waits: backoff pauses are skipped and the client-side rate limits are off (they pace real
     * time, which no in-memory test is about), so faults cost retries, not seconds.
     */
    public io.kmsmig.cli.PortSource ports(String accessKeyId) {
        return ports(caller(accessKeyId));
    }

    /** {@link #ports(String)} with the world's first access key, the one a sandbox command uses. */
    public io.kmsmig.cli.PortSource ports() {
        return ports(world.accessKeys().get(0));
    }

    private io.kmsmig.cli.PortSource ports(AccessKey key) {
        String accessKeyId = key.id();
        return (spec, specGuard) -> {
            Guard guard = new Guard(
                    new RateLimits(UNLIMITED),
                    RetryPolicy.of(spec.execution().maxAttempts()),
                    new CallMeter(),
                    d -> {},
                    new java.util.Random(1),
                    Clock.systemUTC());
            CredentialSource creds =
                    new CredentialSource.StaticKey(key.id(), key.secret(), null, "the in-memory world");
            String src = spec.source().region();
            String dst = spec.destination().region();
            return Connections.of(
                    new RegionTarget(src, ENDPOINT, ENDPOINT, creds, "source"),
                    new RegionTarget(dst, ENDPOINT, ENDPOINT, creds, "destination"),
                    kms(src, accessKeyId),
                    kms(dst, accessKeyId),
                    new MemoryTrail(this, src, guard),
                    null,
                    Set.of(key.id()),
                    guard,
                    () -> identity(key));
        };
    }

    /** What the emulator's STS GetCallerIdentity answers for {@code key} (kms-openapi.md §19). */
    CallerIdentity identity(AccessKey key) {
        String acct = world.account();
        return key.assumedRole()
                ? CallerIdentity.of(
                        acct,
                        "AssumedRoleUser",
                        "acs:ram::" + acct + ":assumed-role/" + key.role().toLowerCase(java.util.Locale.ROOT) + "/"
                                + key.session())
                : CallerIdentity.of(acct, "RAMUser", "acs:ram::" + acct + ":user/" + key.user());
    }

    /** Every API group at a rate no test reaches. */
    private static final Map<String, Double> UNLIMITED = java.util.Arrays.stream(ApiGroup.values())
            .collect(java.util.stream.Collectors.toMap(ApiGroup::key, g -> 1e9));

    AccessKey caller(String accessKeyId) {
        return world.accessKey(accessKeyId)
                .orElseThrow(() -> new IllegalArgumentException("the world has no access key " + accessKeyId));
    }

    /**
     * One call as an endpoint serves it: faults decide first, then the world runs it; the call log counts it, and,
     * on the KMS endpoint, ActionTrail records it with its caller and the non-secret parameters.
     */
    <T> T serve(
            String region,
            String action,
            AccessKey caller,
            Map<String, String> params,
            String sentValue,
            Supplier<T> body) {
        return serve(region, action, caller, userAgent(), params, sentValue, body);
    }

    <T> T serve(
            String region,
            String action,
            AccessKey caller,
            String userAgent,
            Map<String, String> params,
            String sentValue,
            Supplier<T> body) {
        String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        boolean write = RpcEndpoint.WRITES.contains(action);
        String code = null;
        try {
            Decision d = faults.decide(region, action, write);
            if (d instanceof Decision.Drop) {
                code = "ConnectionDropped";
                throw SdkErrors.map(
                        action,
                        region,
                        ENDPOINT,
                        new ClientException(
                                "SDK.ServerUnreachable",
                                "Server unreachable: connection dropped",
                                new SocketException("Connection reset")),
                        sentValue);
            }
            if (d instanceof Decision.Throttle) {
                throw KmsError.throttled();
            }
            if (d instanceof Decision.Fail f) {
                throw f.error();
            }
            T result = body.get();
            if (write) {
                writeHook.accept(calls.recordWrite());
            }
            return result;
        } catch (KmsError e) {
            code = e.code();
            ClientException sdk = e.status() >= 500
                    ? new ServerException(e.code(), e.getMessage(), requestId)
                    : new ClientException(e.code(), e.getMessage(), requestId);
            throw SdkErrors.map(action, region, ENDPOINT, sdk, sentValue);
        } finally {
            calls.record(region, action, code);
            if (caller != null) {
                record(region, action, caller, userAgent, params, requestId, code, write);
            }
        }
    }

    private void record(
            String region,
            String action,
            AccessKey caller,
            String userAgent,
            Map<String, String> params,
            String requestId,
            String code,
            boolean write) {
        audit.add(new AuditEvent(
                UUID.randomUUID().toString(),
                action,
                world.clock().nowSeconds(),
                write ? "Write" : "Read",
                region,
                requestId,
                "127.0.0.1",
                userAgent,
                caller.id(),
                caller.user(),
                params.get("SecretName"),
                code,
                new TreeMap<>(params)));
    }

    /** What the SDK client sends: kmsmig appends itself (AliyunClients), which cutover uses to tell its own calls. */
    static String userAgent() {
        return "AlibabaCloud (memory) Java kmsmig/" + Versions.kmsmig();
    }

    /** Parameters ActionTrail keeps for an event: the secret's name and the other non-secret ones given. */
    static Map<String, String> params(String... keyValues) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                out.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return out;
    }
}
