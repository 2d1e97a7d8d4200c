package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.kms.model.v20160120.DescribeSecretRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import io.kmsmig.emulator.openapi.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The admin API over HTTP, and the --info document. */
class AdminApiTest {
    private static JsonNode call(KmsEmulator emu, String method, String path, String body) throws Exception {
        HttpResponse<String> r =
                send(emu, method, path, body, "Bearer " + emu.info().adminToken());
        assertEquals(200, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }

    private static HttpResponse<String> send(KmsEmulator emu, String method, String path, String body, String auth)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.info().admin() + path));
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void admin_withoutTheInfoFilesToken_isRefused_andTellsWhereTheTokenIs() throws Exception {
        try (KmsEmulator emu = SdkHarness.start("basic.yaml")) {
            HttpResponse<String> none = send(emu, "GET", "/world", null, null);
            assertEquals(401, none.statusCode(), none.body());
            assertTrue(
                    none.body().contains("Authorization: Bearer <adminToken>")
                            && none.body().contains("--info file"),
                    none.body());
            assertFalse(none.body().contains("CANARY"), "no value leaks without the token");
            HttpResponse<String> wrong =
                    send(emu, "POST", "/reset", null, "Bearer " + emu.info().adminToken() + "x");
            assertEquals(403, wrong.statusCode(), wrong.body());
            HttpResponse<String> basic =
                    send(emu, "GET", "/world", null, "Basic " + emu.info().adminToken());
            assertEquals(403, basic.statusCode(), basic.body());
            assertFalse(wrong.body().contains("CANARY") || basic.body().contains("CANARY"));
            assertEquals(
                    200,
                    send(emu, "GET", "/world", null, "Bearer " + emu.info().adminToken())
                            .statusCode());
            try (KmsEmulator other = SdkHarness.start("basic.yaml")) {
                assertNotEquals(emu.info().adminToken(), other.info().adminToken(), "a fresh token per start");
                assertEquals(
                        403,
                        send(
                                        emu,
                                        "GET",
                                        "/world",
                                        null,
                                        "Bearer " + other.info().adminToken())
                                .statusCode());
            }
        }
    }

    @Test
    void admin_dumpsCountsTampersAdvancesAndResets() throws Exception {
        try (KmsEmulator emu = SdkHarness.start("basic.yaml")) {
            SdkHarness.Client hz = SdkHarness.client(emu, "cn-hangzhou");
            DescribeSecretRequest d = new DescribeSecretRequest();
            d.setSecretName("orders/db-password");
            hz.call(d);
            JsonNode calls = call(emu, "GET", "/calls", null);
            assertEquals(1, calls.at("/counts/cn-hangzhou DescribeSecret").asInt());
            ObjectNode world = (ObjectNode) call(emu, "GET", "/world", null);
            ObjectNode v3 = null;
            for (JsonNode s : world.at("/regions/cn-hangzhou/secrets")) {
                if (s.get("name").asString().equals("orders/db-password")) {
                    v3 = (ObjectNode) s.at("/versions/2");
                }
            }
            assertEquals("CANARY-v3-orders", v3.get("data").asString(), "the dump holds values: it is a test fake");
            v3.put("data", "CANARY-tampered");
            call(emu, "POST", "/world", Json.MAPPER.writeValueAsString(world));
            GetSecretValueRequest g = new GetSecretValueRequest();
            g.setSecretName("orders/db-password");
            assertEquals("CANARY-tampered", hz.call(g).getSecretData());
            call(emu, "POST", "/faults", "{\"latencyMs\": 5}");
            assertEquals(5, call(emu, "GET", "/faults", null).get("latencyMs").asInt());
            call(emu, "POST", "/semantics", "{\"acsPreviousFollowsCurrent\": false}");
            assertEquals(false, emu.world().semantics().acsPreviousFollowsCurrent());
            call(emu, "POST", "/clock/advance?seconds=3600", null);
            assertEquals(3600, emu.world().clock().offset().toSeconds());
            call(emu, "POST", "/reset", null);
            assertEquals("CANARY-v3-orders", hz.call(g).getSecretData());
            assertEquals(0, emu.world().clock().offset().toSeconds());
        }
    }

    @Test
    void clockOffset_setsTheServersClockBehindOrAhead_andEveryAnswersDateHeaderFollowsIt() throws Exception {
        try (KmsEmulator emu = SdkHarness.start("basic.yaml")) {
            for (long offset : new long[] {-3600, 3600}) {
                // when
                call(emu, "POST", "/clock/offset?seconds=" + offset, null);
                // then: an answer (here an error for an unsigned request) is dated by the skewed clock
                assertEquals(offset, emu.world().clock().offset().toSeconds());
                java.time.Instant now = java.time.Instant.now();
                HttpResponse<byte[]> r = RawHttp.send(
                        "GET", "https://" + emu.info().regionEndpoint("cn-hangzhou") + "/", java.util.Map.of(), null);
                java.time.Instant date = java.time.ZonedDateTime.parse(
                                r.headers().firstValue("Date").orElseThrow(),
                                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                long off = java.time.Duration.between(now, date).toSeconds();
                assertTrue(
                        Math.abs(off - offset) < 600,
                        "Date " + date + " is " + off + "s from now, want about " + offset);
            }
            assertEquals(3600, emu.dump().get("clockOffsetSeconds").asLong(), "persisted with the world");
        }
    }

    @Test
    void clockOffset_beyondACentury_isRefusedWithAReason_andTheClockKeepsWorking() throws Exception {
        try (KmsEmulator emu = SdkHarness.start("basic.yaml")) {
            call(emu, "POST", "/clock/offset?seconds=-3600", null);
            for (String path : new String[] {
                "/clock/offset?seconds=-9223372036854775808",
                "/clock/offset?seconds=31000000000000000",
                "/clock/offset?seconds=3155760001",
                "/clock/advance?seconds=9223372036854775807",
                "/clock/advance?seconds=3155763601"
            }) {
                // when
                HttpResponse<String> r =
                        send(emu, "POST", path, null, "Bearer " + emu.info().adminToken());
                // then: a 400 that says why (an ArithmeticException answered 500 as an HTML page)
                assertEquals(400, r.statusCode(), path + ": " + r.body());
                assertTrue(r.body().contains("at most 3155760000 seconds (100 years) either way"), r.body());
                assertEquals(-3600, emu.world().clock().offset().toSeconds(), path + " left the offset as it was");
            }
            call(emu, "POST", "/clock/offset?seconds=3155760000", null);
            assertEquals(3155760000L, emu.world().clock().offset().toSeconds());
        }
    }

    @Test
    void instanceBackupRestore_copiesTheInstancesSecretsIntoTheDestinationInstance() throws Exception {
        try (KmsEmulator emu = SdkHarness.start("basic.yaml")) {
            JsonNode r = call(
                    emu,
                    "POST",
                    "/instance-backup/restore",
                    "{\"from\": {\"region\": \"cn-hangzhou\", "
                            + "\"instance\": \"kst-hz-test\"}, \"to\": {\"region\": \"cn-shanghai\", \"instance\": \"kst-sh-test\", "
                            + "\"key\": \"key-sh-test\"}}");
            assertEquals("[\"instance/secret\"]", r.get("restored").toString(), "only the secret inside the instance");
            DescribeSecretRequest d = new DescribeSecretRequest();
            d.setSecretName("instance/secret");
            var sh = SdkHarness.client(emu, "cn-shanghai");
            assertEquals("kst-sh-test", sh.call(d).getDKMSInstanceId());
            GetSecretValueRequest g = new GetSecretValueRequest();
            g.setSecretName("instance/secret");
            var got = sh.call(g);
            assertEquals("i1", got.getVersionId());
            assertEquals("CANARY-instance", got.getSecretData());
            assertEquals(
                    "[]",
                    call(
                                    emu,
                                    "POST",
                                    "/instance-backup/restore",
                                    "{\"from\": {\"region\": \"cn-hangzhou\", "
                                            + "\"instance\": \"kst-hz-test\"}, \"to\": {\"region\": \"cn-shanghai\", \"instance\": \"kst-sh-test\", "
                                            + "\"key\": \"key-sh-test\"}}")
                            .get("restored")
                            .toString(),
                    "a second restore leaves existing secrets alone");
        }
    }

    @Test
    void info_listsEndpointsCaKeysAndAdmin(@TempDir Path dir) throws Exception {
        // basic.yaml as written: its client key generated by this start, and listed with its file
        try (KmsEmulator emu = KmsEmulator.start(EmulatorConfig.ofYaml(SdkHarness.resource("basic.yaml")))) {
            Path file = dir.resolve("info.json");
            emu.writeInfo(file);
            JsonNode info = Json.MAPPER.readTree(Files.readAllBytes(file));
            assertTrue(info.at("/regions/cn-hangzhou/endpoint").asString().matches("127\\.0\\.0\\.1:\\d+"));
            assertTrue(info.at("/instances/kst-sh-test/endpoint").asString().matches("127\\.0\\.0\\.1:\\d+"));
            assertTrue(info.at("/actiontrail/cn-shanghai/endpoint").asString().matches("127\\.0\\.0\\.1:\\d+"));
            assertTrue(Files.readString(Path.of(info.get("caCertFile").asString()))
                    .startsWith("-----BEGIN CERTIFICATE-----"));
            assertEquals("LTAItestMigrator", info.at("/accessKeys/0/id").asString());
            assertEquals("KAAP.test-app", info.at("/clientKeys/0/id").asString());
            assertTrue(Files.exists(Path.of(info.at("/clientKeys/0/file").asString())));
            assertTrue(info.get("admin").asString().startsWith("http://127.0.0.1:"));
            assertEquals(emu.info().adminToken(), info.get("adminToken").asString());
            assertTrue(info.get("adminToken").asString().length() >= 40, "a 256-bit token");
        }
    }
}
