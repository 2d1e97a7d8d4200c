package io.kmsmig.emulator;

import io.kmsmig.emulator.openapi.HttpAnswer;
import io.kmsmig.emulator.openapi.HttpExchangeData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes each Jetty request to the endpoint that owns the connector it arrived on. Every answer carries a
 * {@code Date} header from the emulator's clock, as a real server's does from its own (RFC 9110 §6.6.1): a client
 * reads the server's time there, and a skewed emulator clock shows in it.
 */
final class JettyBridge extends Handler.Abstract {
    private final Map<Connector, Function<HttpExchangeData, HttpAnswer>> routes = new ConcurrentHashMap<>();
    private final Clock clock;

    JettyBridge(Clock clock) {
        this.clock = clock;
    }

    void route(Connector c, Function<HttpExchangeData, HttpAnswer> endpoint) {
        routes.put(c, endpoint);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Function<HttpExchangeData, HttpAnswer> endpoint =
                routes.get(request.getConnectionMetaData().getConnector());
        if (endpoint == null) {
            return false;
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new HashMap<>();
        for (HttpField f : request.getHeaders()) {
            headers.merge(f.getLowerCaseName(), f.getValue(), (a, b) -> a + "," + b);
        }
        HttpExchangeData data = new HttpExchangeData(
                request.getMethod(),
                request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(),
                headers,
                body,
                Request.getRemoteAddr(request));
        HttpAnswer a = endpoint.apply(data);
        if (a.drop()) {
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.failed(new IOException("connection dropped by an injected fault"));
            return true;
        }
        response.setStatus(a.status());
        response.getHeaders()
                .put(
                        HttpHeader.DATE,
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, a.body().length);
        response.write(true, ByteBuffer.wrap(a.body()), callback);
        return true;
    }
}
