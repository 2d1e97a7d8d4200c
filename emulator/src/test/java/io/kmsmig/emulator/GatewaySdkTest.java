package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.dkms.gcs.openapi.models.Config;
import com.aliyun.dkms.gcs.openapi.util.protobuf.ApiModels;
import com.aliyun.dkms.gcs.sdk.Client;
import com.aliyun.dkms.gcs.sdk.models.GetSecretValueRequest;
import com.aliyun.tea.TeaException;
import io.kmsmig.emulator.openapi.Signatures;
import io.kmsmig.emulator.world.ClientKeyInfo;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KMS instance gateway through alibabacloud-dkms-gcs-sdk 0.5.2 with a client key generated in the test JVM. */
class GatewaySdkTest {
    static KmsEmulator emu;

    @TempDir
    static Path keys;

    static ClientKeyInfo key;

    @BeforeAll
    static void start() throws Exception {
        emu = SdkHarness.start("basic.yaml");
        key = SdkHarness.sharedKey(); // made by ClientKeys.generate in this JVM; the world declares it
        SdkHarness.Client sh = SdkHarness.client(emu, "cn-shanghai");
        sh.call(SecretApiSdkTest.create("app/config", "c1", "CANARY-gateway"));
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static Client client(ClientKeyInfo k, String password) throws Exception {
        return new Client(new Config()
                .setEndpoint(emu.info().instances().get("kst-sh-test"))
                .setClientKeyFile(k.file())
                .setPassword(password)
                .setCaFilePath(emu.info().caCertFile().toString()));
    }

    @Test
    void getSecretValue_throughTheInstanceWithAClientKey() throws Exception {
        var resp = client(key, key.password()).getSecretValue(new GetSecretValueRequest().setSecretName("app/config"));
        assertEquals("CANARY-gateway", resp.getSecretData());
        assertEquals("c1", resp.getVersionId());
        assertEquals(java.util.List.of("ACSCurrent"), resp.getVersionStages());
    }

    @Test
    void wrongPassword_failsInTheSdkBeforeAnyRequest() {
        Exception e = assertThrows(Exception.class, () -> client(key, "not-the-password"));
        assertTrue(String.valueOf(e.getMessage()).contains("password"), e.toString());
    }

    @Test
    void unregisteredKey_isUnauthorized() throws Exception {
        // given: a well-formed ClientKey file whose KeyId the instance does not know (the key material is the
        // shared key's: the instance refuses by id, before any signature check)
        Path file = keys.resolve("ClientKey_KAAP.stranger.json");
        Files.writeString(
                file, Files.readString(Path.of(key.file())).replace("\"" + key.id() + "\"", "\"KAAP.stranger\""));
        ClientKeyInfo stranger = new ClientKeyInfo(
                "KAAP.stranger", key.kmsInstanceId(), key.publicKeyPem(), file.toString(), key.password());
        assertTrue(Files.readString(file).contains("\"KeyId\":\"KAAP.stranger\""), "the file names the stranger");
        TeaException e = assertThrows(
                TeaException.class,
                () -> client(stranger, stranger.password())
                        .getSecretValue(new GetSecretValueRequest().setSecretName("app/config")));
        assertEquals("Rejected.Unauthorized", e.getCode());
    }

    @Test
    void secretOutsideTheInstance_isNotFound() throws Exception {
        TeaException e = assertThrows(
                TeaException.class,
                () -> client(key, key.password()).getSecretValue(new GetSecretValueRequest().setSecretName("no/such")));
        assertEquals("Forbidden.ResourceNotFound", e.getCode());
        assertTrue(!e.getMessage().isEmpty());
    }

    private static PrivateKey privateKey() throws Exception {
        String json = Files.readString(Path.of(key.file()));
        String b64 = json.replaceAll(".*\"PrivateKeyData\":\"([^\"]+)\".*", "$1");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(
                new ByteArrayInputStream(Base64.getDecoder().decode(b64)),
                key.password().toCharArray());
        return (PrivateKey) ks.getKey(ks.aliases().nextElement(), key.password().toCharArray());
    }

    /** A request signed per §3.5 over {@code signedBody}, sending {@code sentBody} with {@code sentHash}. */
    private static HttpResponse<byte[]> send(byte[] signedBody, byte[] sentBody, String sentHash) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(
                "date",
                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                        .format(ZonedDateTime.now(ZoneOffset.UTC)));
        h.put("x-kms-signaturemethod", "RSA_PKCS1_SHA_256");
        h.put("x-kms-acccesskeyid", key.id());
        h.put("x-kms-apiversion", "dkms-gcs-0.2");
        h.put("x-kms-apiname", "GetSecretValue");
        h.put("content-sha256", Signatures.sha256Hex(signedBody).toUpperCase(Locale.ROOT));
        String sts = "POST\n" + h.get("content-sha256") + "\napplication/x-protobuf\n" + h.get("date") + "\n"
                + "x-kms-acccesskeyid:" + key.id() + "\nx-kms-apiname:GetSecretValue\nx-kms-apiversion:dkms-gcs-0.2\n"
                + "x-kms-signaturemethod:RSA_PKCS1_SHA_256\n/";
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(privateKey());
        s.update(sts.getBytes(StandardCharsets.UTF_8));
        h.put("authorization", "Bearer " + Base64.getEncoder().encodeToString(s.sign()));
        h.put("content-sha256", sentHash);
        h.put("content-type", "application/x-protobuf");
        h.remove("date");
        Map<String, String> headers = new LinkedHashMap<>(h);
        headers.put(
                "Date",
                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                        .format(ZonedDateTime.now(ZoneOffset.UTC)));
        return RawHttp.send("POST", "https://" + emu.info().instances().get("kst-sh-test") + "/", headers, sentBody);
    }

    @Test
    void tamperedProtobufBody_isRejected() throws Exception {
        byte[] good = ApiModels.GetSecretValueRequest.newBuilder()
                .setSecretName("app/config")
                .build()
                .toByteArray();
        byte[] evil = ApiModels.GetSecretValueRequest.newBuilder()
                .setSecretName("other/secret")
                .build()
                .toByteArray();
        String goodHash = Signatures.sha256Hex(good).toUpperCase(Locale.ROOT);
        HttpResponse<byte[]> bodyOnly = send(good, evil, goodHash);
        assertEquals(400, bodyOnly.statusCode());
        assertTrue(ApiModels.Error.parseFrom(bodyOnly.body()).getErrorMessage().contains("Content-SHA256"));
        HttpResponse<byte[]> bodyAndHash =
                send(good, evil, Signatures.sha256Hex(evil).toUpperCase(Locale.ROOT));
        assertEquals(401, bodyAndHash.statusCode());
        assertEquals(
                "Rejected.Unauthorized",
                ApiModels.Error.parseFrom(bodyAndHash.body()).getErrorCode());
    }
}
