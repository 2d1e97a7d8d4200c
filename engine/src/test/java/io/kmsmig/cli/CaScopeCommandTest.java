package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.kms.TrustRegistry;
import io.kmsmig.support.Worlds;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The destination's caCert (the instance CA) does not make the source's endpoint trusted, even when the same CA
 * signs it: through the command, its spec and the real SDK. Before, the CA joined one JVM-wide trust list.
 */
class CaScopeCommandTest {
    @TempDir
    Path dir;

    @Test
    void destinationCaCert_isNotTrustedForTheSourceEndpoint() throws Exception {
        try (KmsEmulator emu = KmsEmulator.start(EmulatorConfig.ofYaml(Worlds.generic(1, true, "{}")))) {
            // given: only the destination names the CA; the source endpoint's certificate is signed by it too
            String spec = Worlds.cloudSpec(emu.info(), "execution: { maxAttempts: 1 }");
            String sourceCa = "  caCert: " + emu.info().caCertFile() + "\n";
            int first = spec.indexOf(sourceCa);
            assertTrue(first > 0 && first < spec.indexOf("destination:"), spec);
            Files.writeString(
                    dir.resolve("spec.yaml"), spec.substring(0, first) + spec.substring(first + sourceCa.length()));
            // (an earlier test's emulator may have served this port and had a CA registered for it in this JVM)
            TrustRegistry.forget(emu.info().regionEndpoint("cn-hangzhou"));
            // when
            CliRun.Result r = new CliRun(dir)
                    .env("KMSMIG_AK_ID", "LTAIgenMigrator")
                    .env("KMSMIG_AK_SECRET", "gen-migrator-secret")
                    .run("plan", "-f", "spec.yaml");
            // then: refused at TLS, naming the endpoint the CA is trusted for
            String source = emu.info().regionEndpoint("cn-hangzhou");
            assertEquals(1, r.exit(), r.all());
            // (the emulators of one test JVM share a CA, so the list may name other tests' endpoints too)
            String err = r.err();
            assertTrue(
                    err.contains("(" + source + ") failed: TLS refused:")
                            && err.contains("trusts only for ")
                            && err.indexOf(emu.info().regionEndpoint("cn-shanghai")) > err.indexOf("trusts only for ")
                            && err.contains("not for " + source),
                    r.all());
        }
    }
}
