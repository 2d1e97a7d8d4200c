package io.kmsmig.kms;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.actiontrail.model.v20200706.LookupEventsRequest;
import com.aliyuncs.actiontrail.model.v20200706.LookupEventsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        return new TrailEvent(String.valueOf(e.getOrDefault("eventName", "")), time.isEmpty() ? null : AliyunKms.time(time),
                String.valueOf(who.getOrDefault("accessKeyId", "")), String.valueOf(who.getOrDefault("userName", "")),
                String.valueOf(e.getOrDefault("userAgent", "")), String.valueOf(e.getOrDefault("sourceIpAddress", "")));
    }
}
