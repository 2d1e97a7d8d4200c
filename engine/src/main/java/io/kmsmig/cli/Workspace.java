package io.kmsmig.cli;

import io.kmsmig.diag.Diagnostic;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.EmulatorInfo;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.emulator.world.WorldLock;
import io.kmsmig.formats.FormatException;
import io.kmsmig.formats.Position;
import io.kmsmig.formats.Problem;
import io.kmsmig.kms.Connections;
import io.kmsmig.kms.CredentialSource;
import io.kmsmig.kms.GatewayTarget;
import io.kmsmig.kms.Guard;
import io.kmsmig.kms.KmsPort;
import io.kmsmig.kms.RegionTarget;
import io.kmsmig.kms.TrustRegistry;
import io.kmsmig.spec.Credentials;
import io.kmsmig.spec.Endpoints;
import io.kmsmig.spec.MigrationSpec;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a spec-driven command works against: the real cloud endpoints, or (when the spec has a sandbox block) the
 * embedded emulator started in-process on its persisted world. Either way the engine talks to it through the
 * same production code path; only endpoints, CA and credentials differ.
 */
final class Workspace implements AutoCloseable {
    /** A sandbox command waits this long for another one on the same sandbox (an apply of thousands of secrets). */
    static final Duration SANDBOX_WAIT = Duration.ofMinutes(10);

    private final MigrationSpec spec;
    private final Connections connections;
    private final KmsEmulator emulator;
    private final String gatewayProblem;

    private Workspace(MigrationSpec spec, Connections connections, KmsEmulator emulator, String gatewayProblem) {
        this.spec = spec;
        this.connections = connections;
        this.emulator = emulator;
        this.gatewayProblem = gatewayProblem;
    }

    static Workspace open(Cli cli, MigrationSpec spec, int parallelism) {
        var guard = Connections.guard(
                spec.execution().rateLimits(), spec.execution().maxAttempts(), cli.backoff());
        if (cli.ports() != null) {
            Connections c = cli.ports().connect(spec, guard);
            return new Workspace(spec, c, null, c.hasGateway() ? null : "the injected KMS has no instance gateway");
        }
        return spec.sandboxed() ? sandbox(cli, spec, parallelism, guard) : cloud(cli, spec, parallelism, guard);
    }

    private static Workspace sandbox(Cli cli, MigrationSpec spec, int parallelism, Guard guard) {
        Path data = spec.sandbox().data();
        Path dir = data.toAbsolutePath().getParent();
        KmsEmulator emu;
        try {
            // The emulator holds the sandbox world's lock until close: a second command on this sandbox waits here.
            emu = KmsEmulator.start(
                    new EmulatorConfig(
                            spec.sandbox().world(),
                            null,
                            data,
                            dir.resolve("tls"),
                            dir.resolve("client-keys"),
                            "127.0.0.1",
                            0,
                            Clock.systemUTC()),
                    worldWait(cli));
        } catch (WorldLock.BusyException e) {
            throw new KmsmigException(ErrorCode.STATE_LOCKED, e.getMessage());
        } catch (UncheckedIOException e) {
            // a file of the sandbox it cannot create, lock or write (a read-only directory, a full disk, a planted
            // link)
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    "Cannot use the sandbox world " + shown(cli, data) + ": "
                            + (e.getCause() == null
                                    ? e.getMessage()
                                    : e.getCause().getMessage()) + ". Nothing was changed.");
        } catch (FormatException e) {
            throw worldInvalid(
                    cli, shown(cli, Files.exists(data) ? data : spec.sandbox().world()), e.problems());
        }
        EmulatorInfo info = emu.info();
        // The sandbox CA vouches for the emulator's own endpoints only.
        Stream.of(info.regions().values(), info.actionTrail().values(), List.of(info.sts()))
                .flatMap(Collection::stream)
                .forEach(e ->
                        TrustRegistry.register(e, emu.certificateAuthority().caCertificate()));
        var key = emu.world().accessKeys().get(0);
        CredentialSource creds = new CredentialSource.StaticKey(key.id(), key.secret(), null, "the sandbox world");
        for (String region : List.of(spec.source().region(), spec.destination().region())) {
            if (!info.regions().containsKey(region)) {
                emu.close();
                throw new KmsmigException(
                        ErrorCode.SPEC_INVALID,
                        "The sandbox world " + shown(cli, spec.sandbox().world()) + " has no region " + region
                                + "; it has " + String.join(", ", info.regions().keySet()) + ".");
            }
        }
        RegionTarget source = new RegionTarget(
                spec.source().region(),
                info.regionEndpoint(spec.source().region()),
                info.actionTrail().get(spec.source().region()),
                creds,
                "source",
                info.sts());
        RegionTarget dest = new RegionTarget(
                spec.destination().region(),
                info.regionEndpoint(spec.destination().region()),
                info.actionTrail().get(spec.destination().region()),
                creds,
                "destination",
                info.sts());
        String instance = spec.destination().kmsInstanceId();
        GatewayTarget gw = info.clientKeys().stream()
                .filter(k -> k.kmsInstanceId().equals(instance) && k.file() != null)
                .findFirst()
                .filter(k -> info.instances().containsKey(instance))
                .map(k -> new GatewayTarget(
                        info.instances().get(instance),
                        Path.of(k.file()),
                        k.password(),
                        "the sandbox world",
                        info.caCertFile()))
                .orElse(null);
        cli.err()
                .println("Sandbox: the embedded KMS emulator serves "
                        + shown(cli, spec.sandbox().world()) + " (kept in " + shown(cli, data)
                        + "); the spec's credentials are not used.");
        return new Workspace(
                spec,
                new Connections(source, dest, gw, guard, parallelism),
                emu,
                gw == null ? "the sandbox world declares no generated client key for " + instance : null);
    }

    /** How long a command waits for the sandbox world another command is using, saying so once on stderr. */
    static WorldLock.Wait worldWait(Cli cli) {
        return new WorldLock.Wait(SANDBOX_WAIT, message -> {
            cli.err().println(message);
            cli.err().flush();
        });
    }

    /** A path as the user would type it: relative to the working directory when it lies below it. */
    static String shown(Cli cli, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = cli.cwd().toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    private static Workspace cloud(Cli cli, MigrationSpec spec, int parallelism, Guard guard) {
        trust(spec.source());
        trust(spec.destination().endpoints());
        RegionTarget source = target(cli, spec.source(), "source");
        RegionTarget dest = target(cli, spec.destination().endpoints(), "destination");
        GatewayTarget gw = null;
        String problem = null;
        var d = spec.destination();
        if (d.instanceEndpoint() == null || d.clientKeyFile() == null) {
            problem = "the spec sets no destination.instanceEndpoint and destination.clientKey";
        } else if (d.endpoints().caCert() == null) {
            problem = "the spec sets no destination.caCert (the instance's PrivateKmsCA_*.pem)";
        } else {
            String password = cli.env().get(d.clientKeyPasswordEnv());
            if (password == null || password.isEmpty()) {
                problem = "environment variable " + d.clientKeyPasswordEnv()
                        + " (destination.clientKey.passwordEnv) is not set";
            } else {
                gw = new GatewayTarget(
                        d.instanceEndpoint(),
                        d.clientKeyFile(),
                        password,
                        "environment variable " + d.clientKeyPasswordEnv(),
                        d.endpoints().caCert());
            }
        }
        return new Workspace(spec, new Connections(source, dest, gw, guard, parallelism), null, problem);
    }

    /**
     * A side's caCert is trusted only for the endpoints that side names explicitly: its KMS OpenAPI endpoint,
     * ActionTrail endpoint and STS endpoint when given (private endpoints, emulators), and the instance endpoint (whose SDK reads the CA
     * file itself). Never for the public kms.&lt;region&gt;.aliyuncs.com, STS or ActionTrail hosts.
     */
    private static void trust(Endpoints e) {
        if (e.caCert() == null) {
            return;
        }
        try {
            TrustRegistry.read(e.caCert());
            for (String endpoint : new String[] {e.endpoint(), e.actionTrail(), e.sts()}) {
                if (endpoint != null) {
                    TrustRegistry.register(endpoint, e.caCert());
                }
            }
        } catch (IllegalArgumentException bad) {
            throw new KmsmigException(ErrorCode.SPEC_INVALID, bad.getMessage());
        }
    }

    private static RegionTarget target(Cli cli, Endpoints e, String label) {
        Credentials c = e.credentials();
        CredentialSource creds;
        if (c.fromEnv()) {
            String id = cli.env().get(c.accessKeyIdEnv());
            String secret = cli.env().get(c.accessKeySecretEnv());
            String token = c.securityTokenEnv() == null ? null : cli.env().get(c.securityTokenEnv());
            List<String> missing = new ArrayList<>();
            if (id == null || id.isEmpty()) {
                missing.add(c.accessKeyIdEnv());
            }
            if (secret == null || secret.isEmpty()) {
                missing.add(c.accessKeySecretEnv());
            }
            if (c.securityTokenEnv() != null && (token == null || token.isEmpty())) {
                missing.add(c.securityTokenEnv());
            }
            if (!missing.isEmpty()) {
                throw new KmsmigException(
                        ErrorCode.CREDENTIALS,
                        "No credentials for the " + label + " region ("
                                + e.region() + "): environment variable(s) " + String.join(", ", missing) + " not set ("
                                + label + ".credentials.env in the spec).");
            }
            creds = new CredentialSource.StaticKey(id, secret, token, "environment variable " + c.accessKeyIdEnv());
        } else if (c.ecsRamRole() != null) {
            creds = new CredentialSource.EcsRamRole(c.ecsRamRole().roleName());
        } else if (c.oidc() != null) {
            var o = c.oidc();
            creds = new CredentialSource.Oidc(
                    o.roleArn(), o.oidcProviderArn(), o.tokenFile(), o.sessionName(), o.stsEndpoint());
        } else if (c.profile() == null || "default".equals(c.profile())) {
            creds = new CredentialSource.DefaultChain();
        } else {
            creds = new CredentialSource.NamedProfile(c.profile());
        }
        if (c.assumeRole() != null) {
            var a = c.assumeRole();
            creds = new CredentialSource.AssumedRole(
                    creds, a.roleArn(), a.sessionName(), a.externalId(), a.durationSeconds(), a.stsEndpoint());
        }
        // GetCallerIdentity goes where the spec says; without a side's stsEndpoint, to the STS the role is assumed at.
        String sts = e.sts() == null && c.assumeRole() != null && c.assumeRole().stsEndpoint() != null
                ? c.assumeRole().stsEndpoint()
                : e.stsEndpoint();
        return new RegionTarget(e.region(), e.kmsEndpoint(), e.actionTrailEndpoint(), creds, label, sts);
    }

    private static KmsmigException worldInvalid(Cli cli, String world, List<Problem> problems) {
        List<Diagnostic> diags = new ArrayList<>();
        for (Problem p : problems) {
            diags.add(Diagnostic.error(
                    world, p.position() == null ? new Position(1, 1) : p.position(), p.fieldPath(), p.message()));
        }
        return new KmsmigException(
                ErrorCode.SPEC_INVALID,
                "The sandbox world " + world + " is invalid; nothing was " + "changed. Fix it, or start over with: "
                        + cli.program() + " sandbox reset -f <spec>",
                diags);
    }

    MigrationSpec spec() {
        return spec;
    }

    Connections connections() {
        return connections;
    }

    /** Why --via-instance cannot run, or null. */
    String gatewayProblem() {
        return gatewayProblem;
    }

    KmsEmulator emulator() {
        return emulator;
    }

    /** The source region as another access key of the sandbox world reaches it (sandbox only). */
    KmsPort sourceAs(String accessKeyId) {
        var key = emulator.world()
                .accessKey(accessKeyId)
                .orElseThrow(() -> new KmsmigException(
                        ErrorCode.USAGE,
                        "The sandbox world has no access key " + accessKeyId + "; it has "
                                + String.join(
                                        ", ",
                                        emulator.world().accessKeys().stream()
                                                .map(k -> k.id())
                                                .toList()) + "."));
        RegionTarget t = connections.sourceTarget();
        RegionTarget as = new RegionTarget(
                t.region(),
                t.kmsEndpoint(),
                t.actionTrailEndpoint(),
                new CredentialSource.StaticKey(key.id(), key.secret(), null, "the sandbox world"),
                "source",
                t.stsEndpoint());
        return new Connections(as, connections.destinationTarget(), null, connections.guard(), 1).source();
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
