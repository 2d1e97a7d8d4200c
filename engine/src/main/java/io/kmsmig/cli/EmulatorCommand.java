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
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmsmig emulator}: runs the local KMS until killed, for other tools and languages. */
@Command(
        name = "emulator",
        description = {
            "Run the local KMS emulator until interrupted.",
            "",
            "Serves every region of a world file over HTTPS (KMS OpenAPI 2016-01-20, each KMS instance's gateway,",
            "ActionTrail LookupEvents) with real signature checks, so the official SDKs of any language can talk to",
            "it. Prints the endpoints, the CA file to trust and the access key ids; --info writes them as JSON."
        },
        footerHeading = "%nExample:%n",
        footer = "  kmsmig emulator --world examples/quickstart/world.yaml --port 18443 --info state/emulator.json")
final class EmulatorCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Option(names = "--world", required = true, paramLabel = "FILE", description = "World file (sandbox-world.v1).")
    Path world;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "0",
            description = "First port; endpoints take consecutive ports. Default: free ports.")
    int port;

    @Option(
            names = "--data",
            paramLabel = "FILE",
            description = "Persist the world here after every write, and load it on start.")
    Path data;

    @Option(names = "--info", paramLabel = "FILE", description = "Write endpoints, CA file and keys as JSON.")
    Path info;

    EmulatorCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws InterruptedException {
        Path worldFile = cli.cwd().resolve(world);
        Path dataFile = data == null ? null : cli.cwd().resolve(data);
        Path dir = (dataFile != null ? dataFile : worldFile).toAbsolutePath().getParent();
        KmsEmulator emu;
        try {
            emu = KmsEmulator.start(
                    new EmulatorConfig(
                            worldFile,
                            null,
                            dataFile,
                            dir.resolve("tls"),
                            dir.resolve("client-keys"),
                            "127.0.0.1",
                            port,
                            Clock.systemUTC()),
                    Workspace.worldWait(cli));
        } catch (WorldLock.BusyException e) {
            throw new KmsmigException(ErrorCode.STATE_LOCKED, e.getMessage());
        } catch (FormatException e) {
            throw new KmsmigException(
                    ErrorCode.SPEC_INVALID,
                    "The world file " + world + " is invalid.",
                    e.problems().stream()
                            .map(p -> Diagnostic.error(
                                    world.toString(),
                                    p.position() == null ? new Position(1, 1) : p.position(),
                                    p.fieldPath(),
                                    p.message()))
                            .toList());
        }
        EmulatorInfo i = emu.info();
        cli.out().println("kmsmig emulator: serving " + world + (data == null ? "" : " (persisted in " + data + ")"));
        i.regions()
                .forEach((r, ep) -> cli.out()
                        .println("  region " + r + "  KMS https://" + ep + "  ActionTrail https://"
                                + i.actionTrail().get(r)));
        i.instances().forEach((id, ep) -> cli.out().println("  instance " + id + "  gateway https://" + ep));
        cli.out().println("  STS https://" + i.sts() + "  (GetCallerIdentity, AssumeRole)");
        cli.out().println("  CA certificate: " + i.caCertFile());
        cli.out()
                .println("  access keys: "
                        + String.join(
                                ", ",
                                i.accessKeys().stream()
                                        .map(EmulatorInfo.Key::id)
                                        .toList()));
        i.clientKeys().stream()
                .filter(k -> k.file() != null)
                .forEach(k -> cli.out()
                        .println("  client key " + k.id() + ": " + k.file() + " (password in the --info file)"));
        cli.out()
                .println("  admin: " + i.admin()
                        + (info == null
                                ? " (pass --info to get its token)"
                                : " (its bearer token is in the --info file)"));
        if (info != null) {
            emu.writeInfo(cli.cwd().resolve(info));
            cli.out().println("  info: " + info);
        }
        cli.out().println("Press Ctrl-C to stop.");
        cli.out().flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emu.close();
            stop.countDown();
        }));
        stop.await();
        return ExitCodes.OK;
    }
}
