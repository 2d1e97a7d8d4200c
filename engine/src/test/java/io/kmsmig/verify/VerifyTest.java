package io.kmsmig.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.emulator.world.ClientKeyInfo;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.SharedClientKey;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * verify: all verified and exactly the tampered differences (over the world in memory), and the application path
 * through the instance gateway (end to end over HTTPS with a client key).
 */
class VerifyTest {
    @TempDir
    Path dir;

    static ObjectNode secret(ObjectNode world, String region, String name) {
        for (JsonNode s : world.at("/regions/" + region + "/secrets")) {
            if (s.get("name").asString().equals(name)) {
                return (ObjectNode) s;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void verify_afterApply_verifiesEverySecretAndRecordsIt() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(12, true, "{}"), "")) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            CliRun.Result v = cloud.run("verify", "-f", "spec.yaml");
            assertEquals(0, v.exit(), v.all());
            assertTrue(v.out().contains("Verify: 12 verified, 0 different, 0 failed to read, 0 skipped."), v.out());
            assertTrue(cloud.run("state", "list", "-f", "spec.yaml").out().contains("verified"));
            CliRun.Result json = cloud.run("verify", "-f", "spec.yaml", "--format", "json");
            assertTrue(json.out().contains("\"passed\" : true"), json.out());
            io.kmsmig.support.Checks.leakFree(dir, v, json);
        }
    }

    @Test
    void verify_reportsExactlyTheFourTamperedDifferences() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(10, true, "{}"), "")) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            ObjectNode world = cloud.memory.dump();
            // secret-4 has 5 versions: v1 Baseline, v2 and v3 deprecated, v4 ACSPrevious, v5 ACSCurrent
            ObjectNode s4 = secret(world, "cn-shanghai", "app4/secret-4");
            ((ObjectNode) s4.at("/versions/1")).put("data", "CANARY tampered");
            ((ArrayNode) s4.at("/versions/4/stages")).removeAll();
            ((ArrayNode) s4.at("/versions/3/stages")).add("ACSCurrent");
            ((ObjectNode) s4.get("tags")).put("team", "someone-else");
            ((ArrayNode) s4.get("versions")).remove(2);
            cloud.memory.replaceWorld(world);
            CliRun.Result v = cloud.run("verify", "-f", "spec.yaml");
            assertEquals(1, v.exit(), v.all());
            List<String> diffs = v.out()
                    .lines()
                    .filter(l -> l.startsWith("              - "))
                    .map(String::trim)
                    .toList();
            assertEquals(
                    List.of(
                            "- tag team: t1 in the source, someone-else in the destination",
                            "- version v3 is missing in the destination",
                            "- stage ACSCurrent: v5 in the source, v4 in the destination",
                            "- the value of version v2 differs"),
                    diffs,
                    v.out());
            assertTrue(v.out().contains("Verify: 9 verified, 1 different"), v.out());
            io.kmsmig.support.Checks.leakFree(dir, v);
        }
    }

    /** Installs the application's client key (one per test JVM) in the emulator's destination instance. */
    private static ClientKeyInfo clientKey(EmulatedCloud cloud) {
        ClientKeyInfo key = SharedClientKey.get();
        cloud.emulator.world().replaceClientKey(key);
        return key;
    }

    private static String publicKeyPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static String gatewaySpec(EmulatedCloud cloud, ClientKeyInfo key) {
        return "  instanceEndpoint: " + cloud.emulator.info().instances().get("kst-sh-gen") + "\n"
                + "  clientKey: { file: " + key.file() + ", passwordEnv: CK_PASSWORD }\n";
    }

    @Test
    void viaInstance_readsThroughTheGatewayWithTheApplicationsClientKey() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(5, true, "{}"), "")) {
            ClientKeyInfo key = clientKey(cloud);
            String spec = Files.readString(dir.resolve("spec.yaml"))
                    .replace("state: state.json", "state: state.json")
                    .replace(
                            "  credentials: { env: { accessKeyId: KMSMIG_AK_ID, accessKeySecret: KMSMIG_AK_SECRET } }\nstate",
                            "  credentials: { env: { accessKeyId: KMSMIG_AK_ID, accessKeySecret: KMSMIG_AK_SECRET } }\n"
                                    + gatewaySpec(cloud, key) + "state");
            Files.writeString(dir.resolve("spec.yaml"), spec);
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            CliRun.Result ok =
                    cloud.cli().env("CK_PASSWORD", key.password()).run("verify", "-f", "spec.yaml", "--via-instance");
            assertEquals(0, ok.exit(), ok.all());
            assertTrue(ok.out().contains("Application path checked."), ok.out());
            assertTrue(
                    cloud.emulator.calls().count("Gateway.GetSecretValue") >= 5, "read through the instance gateway");
            CliRun.Result wrong = cloud.cli()
                    .env("CK_PASSWORD", "not-the-password")
                    .run("verify", "-f", "spec.yaml", "--via-instance");
            assertEquals(1, wrong.exit());
            assertTrue(
                    wrong.err()
                            .contains(
                                    "Error: Cannot use the application's client key: the client key password is wrong "
                                            + "(it comes from environment variable CK_PASSWORD)."),
                    wrong.all());
            assertFalse(wrong.err().contains("bug in kmsmig"), wrong.err());
            CliRun.Result missing = cloud.run("verify", "-f", "spec.yaml", "--via-instance");
            assertTrue(
                    missing.err()
                            .contains(
                                    "environment variable CK_PASSWORD (destination.clientKey.passwordEnv) is not set"),
                    missing.err());
            io.kmsmig.support.Checks.leakFree(dir, ok, wrong, missing);
        }
    }

    /**
     * A failed read on the application path (here: the instance no longer accepts the client key; a 503 from the
     * gateway takes the same path) is a read failure, not a difference between the regions: "failed to read", never
     * "DIFFERS".
     */
    @Test
    void viaInstance_aGatewayReadFailure_isFailedToRead_notADifference() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(3, true, "{}"), "")) {
            // given: applied, then the instance's copy of the client key replaced behind the application's back
            ClientKeyInfo key = clientKey(cloud);
            String spec = Files.readString(dir.resolve("spec.yaml"))
                    .replace(
                            "  credentials: { env: { accessKeyId: KMSMIG_AK_ID, accessKeySecret: KMSMIG_AK_SECRET } }\nstate",
                            "  credentials: { env: { accessKeyId: KMSMIG_AK_ID, accessKeySecret: KMSMIG_AK_SECRET } }\n"
                                    + gatewaySpec(cloud, key) + "state");
            Files.writeString(dir.resolve("spec.yaml"), spec);
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            // (another RSA-2048 public key the application holds no private key for: the emulator CA's, already made,
            // instead of generating a key pair and its PKCS#12 file here)
            cloud.emulator
                    .world()
                    .replaceClientKey(new ClientKeyInfo(
                            key.id(),
                            "kst-sh-gen",
                            publicKeyPem(cloud.emulator
                                    .certificateAuthority()
                                    .caCertificate()
                                    .getPublicKey()),
                            key.file(),
                            key.password()));

            // when
            CliRun.Result v =
                    cloud.cli().env("CK_PASSWORD", key.password()).run("verify", "-f", "spec.yaml", "--via-instance");

            // then
            assertEquals(1, v.exit(), v.all());
            assertTrue(v.out().contains("Verify: 0 verified, 0 different, 3 failed to read"), v.out());
            assertFalse(v.out().contains("DIFFERS"), v.out());
            assertTrue(v.out().contains("through the instance endpoint"), v.out());
            io.kmsmig.support.Checks.leakFree(dir, v);
        }
    }

    @Test
    void viaInstance_withTheWrongCa_namesTheInstanceCa() throws IOException {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(3, true, "{}"), "")) {
            ClientKeyInfo key = clientKey(cloud);
            Path otherCa = io.kmsmig.support.OtherCa.write(dir.resolve("other-ca.pem"));
            String spec = Files.readString(dir.resolve("spec.yaml"));
            int dest = spec.indexOf("destination:");
            // The destination's OpenAPI endpoint stands in for the public kms.<region>.aliyuncs.com, which the JDK's
            // CAs
            // trust: its CA is registered for it here, as a side's caCert is trusted only for that side's endpoints.
            java.util.regex.Matcher ep =
                    java.util.regex.Pattern.compile("\n  endpoint: ([^\n]+)").matcher(spec.substring(dest));
            java.util.regex.Matcher ca =
                    java.util.regex.Pattern.compile("caCert: ([^\n]+)").matcher(spec.substring(dest));
            assertTrue(ep.find() && ca.find(), spec);
            io.kmsmig.kms.TrustRegistry.register(
                    ep.group(1).strip(), Path.of(ca.group(1).strip()));
            String destPart = spec.substring(dest).replaceFirst("caCert: [^\n]+", "caCert: " + otherCa);
            spec = spec.substring(0, dest)
                    + destPart.replace(
                            "state: state.json", gatewaySpec(cloud, key).stripTrailing() + "\nstate: state.json");
            Files.writeString(dir.resolve("spec.yaml"), spec);
            assertEquals(
                    0,
                    cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit(),
                    "the OpenAPI path trusts its CA");
            CliRun.Result v =
                    cloud.cli().env("CK_PASSWORD", key.password()).run("verify", "-f", "spec.yaml", "--via-instance");
            assertEquals(1, v.exit(), v.all());
            assertTrue(
                    v.out()
                            .contains("TLS failed: the instance CA (" + otherCa
                                    + ") does not sign the endpoint's certificate"),
                    v.out());
        }
    }
}
