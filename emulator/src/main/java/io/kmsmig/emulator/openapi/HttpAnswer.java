package io.kmsmig.emulator.openapi;

/**
 * What to send back.
 *
 * @param status      HTTP status
 * @param contentType Content-Type header
 * @param body        body bytes
 * @param drop        close the connection without answering (fault injection)
 */
public record HttpAnswer(int status, String contentType, byte[] body, boolean drop) {
    public static final String JSON = "application/json;charset=UTF-8";

    public static HttpAnswer json(int status, byte[] body) {
        return new HttpAnswer(status, JSON, body, false);
    }

    public static HttpAnswer dropped() {
        return new HttpAnswer(0, null, new byte[0], true);
    }
}
