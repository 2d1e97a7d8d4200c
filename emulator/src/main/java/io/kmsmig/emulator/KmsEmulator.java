package io.kmsmig.emulator;

import io.kmsmig.emulator.actiontrail.AuditLog;
import io.kmsmig.emulator.admin.AdminEndpoint;
import io.kmsmig.emulator.faults.CallLog;
import io.kmsmig.emulator.faults.FaultConfig;
import io.kmsmig.emulator.faults.Faults;
import io.kmsmig.emulator.instance.ClientKeys;
import io.kmsmig.emulator.instance.GatewayEndpoint;
import io.kmsmig.emulator.openapi.ActionTrailEndpoint;
import io.kmsmig.emulator.openapi.HttpAnswer;
import io.kmsmig.emulator.openapi.HttpExchangeData;
import io.kmsmig.emulator.openapi.Json;
import io.kmsmig.emulator.openapi.KmsEndpoint;
import io.kmsmig.emulator.openapi.RpcEndpoint;
import io.kmsmig.emulator.openapi.StsEndpoint;
import io.kmsmig.emulator.tls.CertificateAuthority;
import io.kmsmig.emulator.world.ClientKeyInfo;
import io.kmsmig.emulator.world.EmulatorClock;
import io.kmsmig.emulator.world.InstanceBackups;
import io.kmsmig.emulator.world.KmsInstance;
import io.kmsmig.emulator.world.Semantics;
import io.kmsmig.emulator.world.World;
import io.kmsmig.emulator.world.WorldDocument;
import io.kmsmig.emulator.world.WorldFile;
import io.kmsmig.emulator.world.WorldLock;
import io.kmsmig.formats.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running local KMS. {@link #start} loads the world (from the data file if it exists, else the seed), serves
 * it, and returns; {@link #close} persists and stops. Thread-safe.
 */
public final class KmsEmulator implements AutoCloseable {
    private final EmulatorConfig config;
    private final EmulatorClock clock;
    private final World world;
    private final Faults faults;
    private final CallLog calls = new CallLog();
    private final AuditLog audit = new AuditLog();
    private final List<RpcEndpoint> rpcEndpoints = new ArrayList<>();
    private final Server server;
    private final EmulatorInfo info;
    private final CertificateAuthority ca;
    private final WorldLock worldLock;
    private final WorldStore persistence;

    private KmsEmulator(EmulatorConfig config, WorldLock worldLock) throws Exception {
        this.config = config;
        this.worldLock = worldLock;
        this.clock = new EmulatorClock(config.clock());
        boolean persisted = config.dataFile() != null && Files.exists(config.dataFile());
        WorldDocument doc = persisted
                ? WorldFile.loadPersisted(config.dataFile(), clock, audit::addPersisted)
                : seed(config, clock);
        this.world = doc.world();
        this.faults = new Faults(FaultConfig.fromJson(doc.faults()));
        if (!persisted) {
            audit.load(doc.events());
        }
        boolean generated = generateClientKeys();
        this.ca = CertificateAuthority.shared(config.tlsDir());
        Path caFile = ca.writePem(
                config.tlsDir() != null
                        ? config.tlsDir().resolve("emulator-ca.pem")
                        : Files.createTempDirectory("kmsmig-emulator-").resolve("emulator-ca.pem"));
        QueuedThreadPool pool = new QueuedThreadPool(256, 8);
        pool.setName("kms-emulator");
        pool.setDaemon(true);
        this.server = new Server(pool);
        JettyBridge bridge = new JettyBridge(clock);
        server.setHandler(bridge);
        int[] nextPort = {config.basePort()};
        Map<String, ServerConnector> regionConnectors = new LinkedHashMap<>();
        Map<String, ServerConnector> instanceConnectors = new LinkedHashMap<>();
        Map<String, ServerConnector> trailConnectors = new LinkedHashMap<>();
        for (String region : world.regionIds()) {
            KmsEndpoint ep = new KmsEndpoint(world, region, faults, calls, audit, ca.caPem());
            rpcEndpoints.add(ep);
            regionConnectors.put(region, connector(bridge, nextPort, true, ep::handle));
        }
        for (String region : world.regionIds()) {
            for (KmsInstance inst : world.region(region).instances()) {
                GatewayEndpoint gw = new GatewayEndpoint(world, region, inst.id(), faults, calls, audit);
                instanceConnectors.put(inst.id(), connector(bridge, nextPort, true, gw::handle));
            }
        }
        for (String region : world.regionIds()) {
            ActionTrailEndpoint ep = new ActionTrailEndpoint(world, region, faults, calls, audit);
            trailConnectors.put(region, connector(bridge, nextPort, true, ep::handle));
        }
        String adminToken = AdminEndpoint.newToken();
        AdminEndpoint admin = new AdminEndpoint(this, adminToken);
        ServerConnector adminConnector = connector(bridge, nextPort, false, admin::handle);
        adminConnector.setHost("127.0.0.1");
        // After the admin port, so the ports a fixed --port gave before STS existed stay the same.
        ServerConnector stsConnector =
                connector(bridge, nextPort, true, new StsEndpoint(world, faults, calls, audit)::handle);
        this.persistence = config.dataFile() == null ? null : new WorldStore(config.dataFile(), world, faults, audit);
        if (persistence != null) {
            // the world is the snapshot only when nothing was replayed from its log and no client key was generated
            persistence.open(doc.logEpoch(), persisted && doc.replay().empty() && !generated);
        }
        server.start();
        this.info = new EmulatorInfo(
                endpoints(regionConnectors),
                endpoints(instanceConnectors),
                endpoints(trailConnectors),
                caFile,
                world.accessKeys().stream()
                        .map(k -> new EmulatorInfo.Key(k.id(), k.secret()))
                        .toList(),
                world.clientKeys().stream()
                        .map(k -> new EmulatorInfo.ClientKey(k.id(), k.kmsInstanceId(), k.file(), k.password()))
                        .toList(),
                "http://127.0.0.1:" + adminConnector.getLocalPort() + "/admin",
                adminToken,
                endpoints(Map.of("sts", stsConnector)).get("sts"));
    }

    /** Starts an emulator; the world file's problems surface as {@link io.kmsmig.formats.FormatException}. */
    public static KmsEmulator start(EmulatorConfig config) {
        return start(config, WorldLock.Wait.DEFAULT);
    }

    /**
     * Starts an emulator. With a data file, first takes its {@link WorldLock} (waiting as {@code wait} says) and holds
     * it until {@link #close}, so no other process loads the world between this one's load and its last save.
     */
    public static KmsEmulator start(EmulatorConfig config, WorldLock.Wait wait) {
        WorldLock lock = config.dataFile() == null ? null : WorldLock.acquire(config.dataFile(), wait);
        try {
            return new KmsEmulator(config, lock);
        } catch (Exception e) {
            if (lock != null) {
                lock.close();
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot start the KMS emulator: " + e.getMessage(), e);
        }
    }

    private static WorldDocument seed(EmulatorConfig config, EmulatorClock clock) {
        return config.seedBytes() != null
                ? WorldFile.parse(config.seedBytes(), clock)
                : WorldFile.load(config.seedWorld(), clock);
    }

    private ServerConnector connector(
            JettyBridge bridge, int[] nextPort, boolean tls, Function<HttpExchangeData, HttpAnswer> endpoint) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // The old SDK sends every parameter in the query string (sdk-wire-protocol.md §2.2): a 30,720-byte
        // SecretData (kms-openapi.md §3) percent-encodes to ~92 KB of request line.
        http.setRequestHeaderSize(512 * 1024);
        ServerConnector c;
        if (tls) {
            http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(ca.serverSslContext());
            c = new ServerConnector(
                    server,
                    1,
                    1,
                    new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http));
        } else {
            c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        }
        // Jetty's default (0) leaves the JDK's listen backlog of 50: a burst of more clients connecting at once than
        // that (64 SDK clients in WorldPersistenceTest, a wide apply) had SYNs dropped while the one acceptor thread
        // waited for a core, and each dropped SYN costs the client a 1 s, then 3 s, then 7 s retransmit: past the
        // SDK's 5 s connect timeout on a loaded machine (SDK.ServerUnreachable). The kernel caps it at somaxconn.
        c.setAcceptQueueSize(1024);
        c.setHost(config.host());
        c.setPort(nextPort[0] == 0 ? 0 : nextPort[0]++);
        server.addConnector(c);
        bridge.route(c, endpoint);
        return c;
    }

    private Map<String, String> endpoints(Map<String, ServerConnector> connectors) {
        Map<String, String> out = new LinkedHashMap<>();
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        connectors.forEach((k, c) -> out.put(k, host + ":" + c.getLocalPort()));
        return out;
    }

    /** Declared client keys with {@code generate: true} get a key pair, a ClientKey file and a password. */
    private boolean generateClientKeys() throws IOException {
        boolean any = false;
        for (ClientKeyInfo k : world.clientKeys()) {
            if (k.publicKeyPem() == null) {
                Path dir = config.clientKeyDir() != null
                        ? config.clientKeyDir()
                        : config.dataFile() != null
                                ? config.dataFile().toAbsolutePath().getParent().resolve("client-keys")
                                : Files.createTempDirectory("kmsmig-client-keys-");
                world.replaceClientKey(ClientKeys.generate(k.id(), k.kmsInstanceId(), dir));
                any = true;
            }
        }
        return any;
    }

    /** How many times the world was stored: log appends, each covering every write answered since the one before. */
    public long persists() {
        return persistence == null ? 0 : persistence.stores();
    }

    /** How many times the world log was folded into a new snapshot of the data file. */
    public long compactions() {
        return persistence == null ? 0 : persistence.compactions();
    }

    public EmulatorInfo info() {
        return info;
    }

    public World world() {
        return world;
    }

    public Faults faults() {
        return faults;
    }

    public CallLog calls() {
        return calls;
    }

    public AuditLog audit() {
        return audit;
    }

    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    /** The whole world as a world-file JSON document, values included (a test fake). */
    public ObjectNode dump() {
        return world.read(w -> WorldFile.toJson(w, faults.config().toJson(), audit.toJson()));
    }

    /** Replaces every region's secrets and the semantics with those of {@code worldJson} (same schema). */
    public void replaceWorld(JsonNode worldJson) {
        WorldDocument doc =
                WorldFile.parsePersisted(WorldFile.persistedBytes(worldJson), new EmulatorClock(Clock.systemUTC()));
        world.write(w -> {
            w.replaceSecrets(doc.world().read(World::copySecrets));
            w.setSemantics(doc.world().semantics());
            return null;
        });
    }

    /**
     * The console's backup of a KMS instance restored into another instance: its secrets appear there with their
     * version ids, stages and values ({@link io.kmsmig.emulator.world.InstanceBackups}). Returns the restored names.
     */
    public List<String> restoreInstanceBackup(
            String fromRegion, String fromInstance, String toRegion, String toInstance, String toKey) {
        return world.write(w -> InstanceBackups.restore(w, fromRegion, fromInstance, toRegion, toInstance, toKey));
    }

    public void setFaults(FaultConfig f) {
        faults.set(f);
    }

    public void setSemantics(Semantics s) {
        world.setSemantics(s);
    }

    public void advanceClock(Duration d) {
        clock.advance(d);
        world.write(w -> null);
    }

    /**
     * Sets how far the emulator's clock is from its base clock (the machine's), ahead when positive, behind when
     * negative: a server whose clock disagrees with the client's. Persisted as the world's clockOffsetSeconds.
     */
    public void setClockOffset(Duration d) {
        clock.setOffset(d);
        world.write(w -> null);
    }

    /** Back to the seed world: secrets, semantics, faults, clock, events and call counts. */
    public void reset() {
        EmulatorClock fresh = new EmulatorClock(config.clock());
        WorldDocument doc = config.seedWorld() == null && config.seedBytes() == null
                ? WorldFile.loadPersisted(config.dataFile(), fresh)
                : seed(config, fresh);
        clock.setOffset(doc.clockOffset());
        faults.set(FaultConfig.fromJson(doc.faults()));
        audit.clear();
        calls.clear();
        world.write(w -> {
            w.replaceSecrets(doc.world().read(World::copySecrets));
            w.setSemantics(doc.world().semantics());
            return null;
        });
    }

    /** Runs {@code hook} after each applied write, before the answer is sent; it may block (crash tests). */
    public void onWriteApplied(LongConsumer hook) {
        rpcEndpoints.forEach(e -> e.onWriteApplied(hook));
    }

    /** Stops serving, folds the world log into a new snapshot (with a data file) and releases the world lock. */
    @Override
    public void close() {
        try {
            server.stop();
            if (persistence != null) {
                persistence.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the KMS emulator", e);
        } finally {
            if (worldLock != null) {
                worldLock.close();
            }
        }
    }

    /** Writes {@link EmulatorInfo#toJson()} to {@code file}, owner-only: it holds access key secrets and the admin token. */
    public void writeInfo(Path file) {
        try {
            PrivateFiles.writeAtomically(
                    file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(info.toJson()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
