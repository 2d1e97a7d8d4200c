package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpResponse;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How {@link StrictCall} reads a raw answer body: RFC 8259 escapes decoded exactly, anything that is not RFC 8259
 * refused without repeating the body. In memory: the client hands back a fixed HTTP answer.
 */
class StrictCallTest {
    private static IAcsClient answering(int status, FormatType type, String body) {
        HttpResponse r = new HttpResponse();
        r.setStatus(status);
        r.setHttpContent(body.getBytes(StandardCharsets.UTF_8), "UTF-8", type);
        return (IAcsClient) Proxy.newProxyInstance(
                IAcsClient.class.getClassLoader(), new Class<?>[] {IAcsClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("doAction") && args.length == 1) {
                        return r;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Answer send(IAcsClient c) throws ClientException {
        return StrictCall.send(c, new GetSecretValueRequest());
    }

    @Test
    void everyEscape_decodesToTheCodePointItNames() throws ClientException {
        String body = "{\"RequestId\":\"r\",\"SecretData\":\"a\\u0001b\\u0000\\u001f\\u007f\\u0085\\u2028"
                + "\\ud83d\\ude00\\\\u0041\\\\n\\n\\t\\/\\\"\\b\\f\\r\u00e9\u2029\uD834\uDD1E\",\"SecretDataType\":\"text\","
                + "\"VersionStages\":{\"VersionStage\":[\"ACSCurrent\",\"x\\u0001\"]},\"TotalCount\":3}";
        Answer a = send(answering(200, FormatType.JSON, body));
        assertEquals(
                "a\u0001b\u0000\u001F\u007F\u0085\u2028\uD83D\uDE00\\u0041\\n\n\t/\"\b\f\r\u00E9\u2029\uD834\uDD1E",
                a.text("SecretData"));
        assertEquals(List.of("ACSCurrent", "x\u0001"), a.strings("VersionStages", "VersionStage"));
        assertEquals(3, a.integer("TotalCount"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"SecretData\":\"CANARY raw \u0001 control\"}",
                "{\"SecretData\":\"CANARY one\",\"SecretData\":\"CANARY two\"}",
                "{\"SecretData\":\"CANARY\"} trailing",
                "{\"SecretData\":'CANARY single quotes'}",
                "{\"SecretData\":\"CANARY bad escape \\x41\"}",
                "[\"CANARY not an object\"]",
                ""
            })
    void aBodyThatIsNotStrictJson_isNotAKmsAnswer_andIsNotRepeated(String body) {
        ClientException e = assertThrows(ClientException.class, () -> send(answering(200, FormatType.JSON, body)));
        KmsCallException mapped = SdkErrors.map("GetSecretValue", "cn-hangzhou", "kms.example", e, null);
        assertEquals("SDK.BadResponse", mapped.code());
        assertEquals(KmsCallException.Kind.SERVER, mapped.kind());
        assertFalse(String.valueOf(e.getMessage()).contains("CANARY"), e.getMessage());
        assertFalse(mapped.getMessage().contains("CANARY"), mapped.getMessage());
    }

    @Test
    void errorBodies_followTheSdksRules() {
        String err = "{\"RequestId\":\"R1\",\"HostId\":\"h\",\"Code\":\"%s\",\"Message\":\"%s\"}";
        ClientException server = assertThrows(
                ClientException.class,
                () -> send(
                        answering(503, FormatType.JSON, String.format(err, "ServiceUnavailableTemporary", "later"))));
        assertInstanceOf(ServerException.class, server);
        assertEquals("ServiceUnavailableTemporary", server.getErrCode());
        assertEquals("R1", server.getRequestId());
        ClientException client = assertThrows(
                ClientException.class,
                () -> send(
                        answering(
                                404,
                                FormatType.JSON,
                                "{\"requestId\":\"R2\",\"code\":\"Forbidden.ResourceNotFound\",\"message\":\"not \\u0001 found\"}")));
        assertFalse(client instanceof ServerException);
        assertEquals("Forbidden.ResourceNotFound", client.getErrCode());
        assertEquals("not \u0001 found", client.getErrMsg());
        assertEquals("R2", client.getRequestId());
        ClientException otherSignature = assertThrows(
                ClientException.class,
                () -> send(answering(
                        400,
                        FormatType.JSON,
                        String.format(err, "IncompleteSignature", "string to sign is:POST&%2F&somebody-else"))));
        assertEquals("IncompleteSignature", otherSignature.getErrCode(), "not the string this request signed");
        ClientException raw = assertThrows(ClientException.class, () -> send(answering(500, FormatType.RAW, "oops")));
        // The SDK threw a code-less bad-format error, which SdkErrors reads as SDK.BadResponse; the status is kept
        // so that an error page (a proxy's 502) can be told apart.
        assertEquals("SDK.BadResponse", raw.getErrCode(), "a body that is not JSON is a bad format");
        assertEquals("HTTP 500, not a KMS answer", raw.getErrMsg());
    }
}
