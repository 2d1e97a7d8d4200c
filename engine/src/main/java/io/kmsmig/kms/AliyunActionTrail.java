package io.kmsmig.kms;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.CommonResponse;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.actiontrail.model.v20200706.LookupEventsRequest;
import com.aliyuncs.actiontrail.model.v20200706.LookupEventsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ActionTrailPort} over aliyun-java-sdk-actiontrail 1.2.0 (LookupEvents 2020-07-06, kms-openapi.md §17). */
final class AliyunActionTrail implements ActionTrailPort {
    private final IAcsClient client;
    private final String region;
    private final String endpoint;
    private final Guard guard;

    AliyunActionTrail(IAcsClient client, String region, String endpoint, Guard guard) {
        this.client = client;
        this.region = region;
        this.endpoint = endpoint;
        this.guard = guard;
    }

    @Override
    public List<TrailEvent> eventsOn(String resourceName, Instant start, Instant end) {
        List<TrailEvent> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            LookupEventsResponse page = guard.run(region, "LookupEvents", () -> lookup(resourceName, start, end, next));
            if (page.getEvents() != null) {
                page.getEvents().forEach(e -> out.add(event(e)));
            }
            token = page.getNextToken() == null || page.getNextToken().isEmpty() ? null : page.getNextToken();
        } while (token != null);
        return out;
    }

    /**
     * A LookupEvents that matches nothing (an EventId no event has), read for its HTTP {@code Date} header: the
     * server's clock (RFC 9110 §6.6.1, one-second resolution). The typed SDK answer drops the headers, so this one
     * call goes through the SDK's CommonRequest, which signs and sends it the same way and keeps them.
     */
    @Override
    public Optional<Instant> serverTime() {
        CommonResponse answer = guard.run(region, "LookupEvents", () -> {
            CommonRequest r = new CommonRequest();
            r.setSysMethod(MethodType.POST);
            r.setSysProtocol(ProtocolType.HTTPS);
            r.setSysDomain(endpoint);
            r.setSysRegionId(region);
            r.setSysProduct("Actiontrail");
            r.setSysVersion("2020-07-06");
            r.setSysAction("LookupEvents");
            r.putQueryParameter("LookupAttribute.1.Key", "EventId");
            r.putQueryParameter("LookupAttribute.1.Value", "kmsmig-clock-probe");
            r.putQueryParameter("MaxResults", "1");
            try {
                return client.getCommonResponse(r);
            } catch (ClientException e) {
                throw SdkErrors.map("LookupEvents", region, endpoint, e, null);
            }
        });
        Map<String, String> headers = answer.getHttpResponse() == null
                ? Map.of()
                : answer.getHttpResponse().getHeaders();
        return headers.entrySet().stream()
                .filter(h -> "date".equalsIgnoreCase(h.getKey()))
                .findFirst()
                .flatMap(h -> httpDate(h.getValue()));
    }

    static Optional<Instant> httpDate(String value) {
        try {
            return value == null
                    ? Optional.empty()
                    : Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private LookupEventsResponse lookup(String resourceName, Instant start, Instant end, String token) {
        LookupEventsRequest r = new LookupEventsRequest();
        LookupEventsRequest.LookupAttribute a = new LookupEventsRequest.LookupAttribute();
        a.setKey("ResourceName");
        a.setValue(resourceName);
        r.setLookupAttributes(List.of(a));
        r.setStartTime(start.truncatedTo(ChronoUnit.SECONDS).toString());
        r.setEndTime(end.truncatedTo(ChronoUnit.SECONDS).toString());
        r.setMaxResults("50");
        r.setNextToken(token);
        r.setSysEndpoint(endpoint);
        // The ActionTrail request classes, unlike KMS's, do not pin HTTPS (sdk-wire-protocol.md §2.2).
        r.setSysProtocol(ProtocolType.HTTPS);
        try {
            return client.getAcsResponse(r);
        } catch (ClientException e) {
            throw SdkErrors.map("LookupEvents", region, endpoint, e, null);
        }
    }

    @SuppressWarnings("unchecked")
    private static TrailEvent event(Map<Object, Object> e) {
        Map<Object, Object> who = e.get("userIdentity") instanceof Map<?, ?> m ? (Map<Object, Object>) m : Map.of();
        String time = String.valueOf(e.getOrDefault("eventTime", ""));
        String type = text(who, "type");
        String user = text(who, "userName");
        return new TrailEvent(
                text(e, "eventName"),
                time.isEmpty() ? null : AliyunKms.time(time),
                text(who, "accessKeyId"),
                user,
                text(e, "userAgent"),
                text(e, "sourceIpAddress"),
                type,
                Principals.fromEvent(type, text(who, "accountId"), user, text(who, "arn")));
    }

    private static String text(Map<Object, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : String.valueOf(v);
    }
}
