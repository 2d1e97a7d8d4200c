package io.kmsmig.emulator.openapi;

import java.util.Map;

/**
 * One HTTP request as the endpoints need it, independent of the server library.
 *
 * @param method    GET or POST
 * @param path      the request path, e.g. {@code /} or {@code /admin/world}
 * @param rawQuery  the undecoded query string, or null
 * @param headers   header names lower-cased
 * @param body      the request body (empty when none; the old SDK sends no Content-Length, §2.2)
 * @param remoteIp  the caller's address
 */
public record HttpExchangeData(
        String method, String path, String rawQuery, Map<String, String> headers, byte[] body, String remoteIp) {
    public String header(String lowerName) {
        return headers.get(lowerName);
    }
}
