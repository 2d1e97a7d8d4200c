package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpResponse;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Success bodies the emulator never sends (it always writes SecretData as a JSON string), read by {@link AliyunKms}
 * and {@link StrictCall} from a client whose {@code doAction} answers a canned body (a proxy, so no SDK HTTP client is
 * built: the SDK keeps one per JVM, and the first one built fixes its trust managers for every later test): SecretData
 * that is a JSON number or object is refused, never copied as Jackson re-formats it (1.50 would become "1.5").
 */
class StrictCallBodiesTest {
    /** An IAcsClient whose only working method, doAction, answers 200 with {@code body} as JSON. */
    private static IAcsClient cannedAnswer(String body) {
        return cannedAnswer(200, FormatType.JSON, body);
    }

    /** An IAcsClient whose only working method, doAction, answers {@code status} with {@code body}. */
    private static IAcsClient cannedAnswer(int status, FormatType format, String body) {
        return (IAcsClient) Proxy.newProxyInstance(
                IAcsClient.class.getClassLoader(), new Class<?>[] {IAcsClient.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("doAction") || args == null || args.length != 1) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    HttpResponse r = new HttpResponse("https://kms.example/");
                    r.setStatus(status);
                    r.setHttpContent(body.getBytes(StandardCharsets.UTF_8), "UTF-8", format);
                    return r;
                });
    }

    private static SecretValue read(String body) {
        return new AliyunKms(cannedAnswer(body), "cn-hangzhou", "kms.example").getSecretValue("n", "v1");
    }

    @Test
    void secretDataThatIsNotAJsonString_isRefused() {
        for (String data : new String[] {"1.50", "1e2", "true", "{\"a\":1}", "[\"CANARY\"]", "null"}) {
            // when
            KmsCallException e = assertThrows(
                    KmsCallException.class,
                    () -> read("{\"RequestId\":\"R\",\"SecretData\":" + data + ",\"SecretDataType\":\"text\"}"),
                    data);
            // then
            assertEquals("SDK.BadResponse", e.code(), data);
            assertTrue(e.getMessage().contains("answered without SecretData as a string"), e.getMessage());
            assertFalse(e.getMessage().contains("CANARY"), e.getMessage());
        }
    }

    @Test
    void secretDataThatLooksLikeANumber_isKeptVerbatim() {
        assertEquals(
                "1.50",
                read("{\"SecretData\":\"1.50\",\"SecretDataType\":\"text\"}").reveal());
    }

    private static KmsCallException xmlError(int status, String body) {
        return assertThrows(
                KmsCallException.class,
                () -> new AliyunKms(cannedAnswer(status, FormatType.XML, body), "cn-hangzhou", "kms.example")
                        .getSecretValue("n", "v1"));
    }

    /** The SDK read XML error bodies (sdk-wire-protocol.md §2.7); StrictCall keeps their codes, so kinds stay right. */
    @Test
    void xmlErrorBodies_keepTheirCodes() {
        // when
        KmsCallException throttled = xmlError(
                429,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><RequestId>R1</RequestId>"
                        + "<Code>Throttling.User</Code><Message>Request was denied due to user flow control.</Message></Error>");
        KmsCallException denied = xmlError(
                403,
                "<Error><RequestId>R2</RequestId><Code>Forbidden.NoPermission</Code>"
                        + "<Message>not allowed</Message></Error>");
        KmsCallException unavailable =
                xmlError(503, "<KMS><Code>ServiceUnavailable</Code><RequestId>R3</RequestId></KMS>");
        KmsCallException notXml = xmlError(503, "<html>oops");
        KmsCallException entity = xmlError(
                400, "<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Error><Code>&x;</Code></Error>");

        // then
        assertEquals("Throttling.User", throttled.code());
        assertEquals(KmsCallException.Kind.THROTTLED, throttled.kind());
        assertEquals("R1", throttled.requestId());
        assertEquals("Forbidden.NoPermission", denied.code());
        assertTrue(denied.getMessage().contains("lack a RAM permission"), denied.getMessage());
        assertEquals("ServiceUnavailable", unavailable.code());
        assertEquals(KmsCallException.Kind.SERVER, unavailable.kind());
        assertEquals("SDK.BadResponse", notXml.code());
        assertEquals("SDK.BadResponse", entity.code(), "a DOCTYPE is refused, no entity is resolved");
    }
}
