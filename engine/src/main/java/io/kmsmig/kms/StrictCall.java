package io.kmsmig.kms;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One KMS OpenAPI call: the SDK builds, signs and sends the request ({@link IAcsClient#doAction}); the raw answer
 * body is read here with Jackson, strictly per RFC 8259, never by the SDK's unmarshaller. The SDK's JSON reader
 * (aliyun-java-sdk-core {@code JsonReader}) does not decode {@code \}{@code uXXXX} escapes (kms-openapi.md §1.4,
 * "Other old-reader facts"): a value holding U+0001 arrives as the text {@code u0001}, silently changed, and a
 * verify reading both regions that way would see no difference.
 *
 * <p>Statuses and error bodies follow the SDK's own rules ({@code DefaultAcsClient.parseAcsResponse},
 * sdk-wire-protocol.md §2.7, §2.8), so {@link SdkErrors} maps them to the same codes and messages as before.
 * Exceptions thrown here never carry body text: a body that cannot be read may hold a value.
 */
final class StrictCall {
    /** RFC 8259 exactly: no comments, no unescaped control characters, no trailing data; a repeated name is refused. */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final String SIGN_MARK = "string to sign is:";

    private StrictCall() {}

    /** Sends {@code req} and returns its answer, or throws what the SDK would throw for this status and body. */
    static Answer send(IAcsClient client, AcsRequest<?> req) throws ClientException {
        HttpResponse r = client.doAction(req);
        FormatType format = r.getHttpContentType();
        if (format != FormatType.JSON && format != FormatType.XML) {
            // Not a KMS answer (a proxy's or load balancer's error page): keep its status for the message.
            throw new ClientException("SDK.BadResponse", "HTTP " + r.getStatus() + ", not a KMS answer");
        }
        ObjectNode body = format == FormatType.JSON ? parse(r.getHttpContent()) : null;
        if (r.isSuccess()) {
            if (body == null) {
                // kmsmig asks for Format=JSON (sdk-wire-protocol.md §2.4); any other success body is not KMS's answer.
                throw new ClientException("SDK.BadResponse", "the success body is not a JSON object");
            }
            return new Answer(body);
        }
        throw error(req, r.getStatus(), format == FormatType.XML ? xmlError(r.getHttpContent()) : body);
    }

    /**
     * An XML error body's fields: the text of each child element of the root ({@code <Error><Code>...}), as the SDK's
     * XmlReader read them (sdk-wire-protocol.md §2.7, §2.8), so an XML throttling or permission error keeps its code.
     * DOCTYPEs are refused (no external entities); null when the body is empty or not XML.
     */
    private static ObjectNode xmlError(byte[] content) {
        if (content == null || content.length == 0) {
            return null;
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler()); // throws on fatal errors instead of printing them to stderr
            Element root = b.parse(new ByteArrayInputStream(content)).getDocumentElement();
            ObjectNode o = STRICT.createObjectNode();
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && !o.has(e.getTagName())) {
                    o.put(e.getTagName(), e.getTextContent());
                }
            }
            return o;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }

    /** The SDK's error rules: ≥ 500 is a ServerException, 400 with its own string-to-sign means a wrong secret. */
    private static ClientException error(AcsRequest<?> req, int status, ObjectNode body) {
        Answer a = new Answer(body == null ? STRICT.createObjectNode() : body);
        String code = either(a, "Code", "code");
        String message = either(a, "Message", "message");
        String requestId = either(a, "RequestId", "requestId");
        if (status >= 500) {
            return new ServerException(code, message, requestId);
        }
        if (status == 400
                && ("IncompleteSignature".equals(code) || "SignatureDoesNotMatch".equals(code))
                && message != null) {
            int at = message.indexOf(SIGN_MARK);
            String own = stringToSign(req);
            if (at >= 0
                    && own != null
                    && message.substring(at + SIGN_MARK.length()).equals(own)) {
                return new ClientException(
                        "SDK.InvalidAccessKeySecret", "Specified Access Key Secret is not valid.", requestId);
            }
        }
        return new ClientException(code, message, requestId, either(a, "Description", "description"), null);
    }

    private static String either(Answer a, String name, String lowerName) {
        String v = a.text(name);
        return v != null ? v : a.text(lowerName);
    }

    /** The body as a JSON object, or null when it is empty or not RFC 8259 JSON (the parser's message is dropped). */
    private static ObjectNode parse(byte[] content) {
        if (content == null || content.length == 0) {
            return null;
        }
        try {
            // RFC 8259 §8.1: JSON exchanged between systems is UTF-8; the parser refuses malformed UTF-8.
            JsonNode n = STRICT.readTree(content);
            return n instanceof ObjectNode o ? o : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * The string the SDK signed, kept in a protected field of {@code AcsRequest}; the SDK compares it with the one a
     * server returns to tell a wrong secret (sdk-wire-protocol.md §2.5). Null if this SDK version has no such field.
     */
    private static String stringToSign(AcsRequest<?> req) {
        try {
            Field f = AcsRequest.class.getDeclaredField("strToSign");
            f.setAccessible(true);
            return (String) f.get(req);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
