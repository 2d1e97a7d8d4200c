package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.support.ItOrder;
import io.kmsmig.support.Worlds;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when the cloud cannot be reached as configured: missing credentials, an endpoint that does not
 * answer, a CA that does not sign the endpoint. Each runs kmsmig as a fresh process (trust is per JVM), exits 1
 * with a message that says what to do, and shows no stack trace and no "bug" text.
 */
@Order(ItOrder.MIDDLE)
class ConnectionErrorsIT {
    @TempDir
    Path dir;

    private String run(Map<String, String> env, String... args) throws Exception {
        Path log = dir.resolve("out-" + System.nanoTime() + ".log");
        int code = ChildKmsmig.run(dir, env, log, args);
        String out = Files.readString(log);
        assertEquals(1, code, out);
        assertFalse(out.contains("\tat ") || out.contains("bug in kmsmig"), out);
        return out;
    }

    private static final Map<String, String> CREDS =
            Map.of("KMSMIG_AK_ID", "LTAIgenMigrator", "KMSMIG_AK_SECRET", "gen-migrator-secret");

    @Test
    void missingCredentials_unreachableEndpoint_andForeignCa_sayWhatToDo() throws Exception {
        try (KmsEmulator emu = KmsEmulator.start(EmulatorConfig.ofYaml(Worlds.generic(2, true, "{}")))) {
            String spec = Worlds.cloudSpec(emu.info(), "execution: { maxAttempts: 1 }");
            Files.writeString(dir.resolve("spec.yaml"), spec);
            String noCreds = run(Map.of(), "plan", "-f", "spec.yaml");
            assertTrue(
                    noCreds.contains("No credentials for the source region (cn-hangzhou): environment variable(s) "
                            + "KMSMIG_AK_ID, KMSMIG_AK_SECRET not set (source.credentials.env in the spec)."),
                    noCreds);

            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            Files.writeString(
                    dir.resolve("down.yaml"),
                    spec.replace(emu.info().regionEndpoint("cn-hangzhou"), "127.0.0.1:" + closed));
            String down = run(CREDS, "plan", "-f", "down.yaml");
            assertTrue(
                    down.contains("(127.0.0.1:" + closed + ") failed: no answer")
                            && down.contains("Check the endpoint, the network and proxies."),
                    down);

            Path other = dir.resolve("other-ca.pem");
            io.kmsmig.support.OtherCa.write(other);
            Files.writeString(
                    dir.resolve("tls.yaml"),
                    spec.replace("caCert: " + emu.info().caCertFile(), "caCert: " + other));
            String tls = run(CREDS, "plan", "-f", "tls.yaml");
            assertTrue(
                    tls.contains("failed: TLS handshake failed")
                            && tls.contains(
                                    "If the endpoint uses a private CA, set caCert for that region in the spec."),
                    tls);
        }
    }
}
