package io.kmsmig.emulator.actiontrail;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kmsmig.emulator.world.PrincipalIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The account's event history, newest last, bounded in size. Thread-safe. */
public final class AuditLog {
    private static final int CAPACITY = 200_000;

    @GuardedBy("this")
    private final Deque<AuditEvent> events = new ArrayDeque<>();

    @GuardedBy("this")
    private long added;

    /**
     * Strings that repeat from event to event (names, user agents, addresses, parameter keys and short values), held
     * once: 200,000 events must fit the heap beside a world of 10,000 secrets. Bounded, so unusual traffic cannot
     * grow it without limit.
     */
    private final Map<String, String> shared = new HashMap<>();

    public synchronized void add(AuditEvent e) {
        events.addLast(compact(e));
        added++;
        while (events.size() > CAPACITY) {
            events.removeFirst();
        }
    }

    public synchronized List<AuditEvent> all() {
        return List.copyOf(events);
    }

    /** How many events were ever added: pass it to {@link #since} to get the ones added after now. */
    public synchronized long added() {
        return added;
    }

    /** Events and the {@link #added()} count they go up to, read together. */
    public record Tail(List<AuditEvent> events, long mark) {}

    /** The events added after {@link #added()} returned {@code mark} (those still held), oldest first. */
    public synchronized Tail since(long mark) {
        long n = Math.min(events.size(), Math.max(0, added - mark));
        List<AuditEvent> out = new ArrayList<>((int) n);
        var it = events.descendingIterator();
        for (long i = 0; i < n; i++) {
            out.add(it.next());
        }
        Collections.reverse(out);
        return new Tail(out, added);
    }

    /** Every event held, with the {@link #added()} count they go up to. */
    public synchronized Tail held() {
        return new Tail(List.copyOf(events), added);
    }

    public synchronized void clear() {
        events.clear();
    }

    /** One page of a query. */
    public record Page(List<AuditEvent> events, String nextToken) {}

    /**
     * Events in {@code region} within [start, end] matching every attribute (§17.2 keys), newest first unless
     * {@code forward}. {@code nextToken} continues a previous query with identical parameters.
     */
    public Page lookup(
            String region,
            Map<String, String> attributes,
            Instant start,
            Instant end,
            boolean forward,
            int maxResults,
            String nextToken) {
        List<AuditEvent> matching = new ArrayList<>();
        for (AuditEvent e : all()) {
            if (e.region().equals(region)
                    && !e.eventTime().isBefore(start)
                    && !e.eventTime().isAfter(end)
                    && attributes.entrySet().stream().allMatch(a -> matches(e, a.getKey(), a.getValue()))) {
                matching.add(e);
            }
        }
        if (!forward) {
            Collections.reverse(matching);
        }
        int offset = decodeToken(nextToken);
        int to = Math.min(matching.size(), offset + maxResults);
        List<AuditEvent> page = offset >= matching.size() ? List.of() : matching.subList(offset, to);
        String next = to < matching.size() ? encodeToken(to) : null;
        return new Page(List.copyOf(page), next);
    }

    static boolean matches(AuditEvent e, String key, String value) {
        return switch (key) {
            case "EventName" -> value.equals(e.eventName());
            case "ResourceName" -> value.equals(e.resourceName());
            case "ResourceType" -> e.resourceName() != null && value.equals("ACS::KMS::Secret");
            case "EventRW" -> value.equalsIgnoreCase(e.eventRW());
            case "EventAccessKeyId" -> value.equals(e.accessKeyId());
            case "User" -> value.equals(e.userName());
            case "ServiceName" -> value.equalsIgnoreCase("Kms");
            case "EventId" -> value.equals(e.eventId());
            default -> throw new IllegalArgumentException(key);
        };
    }

    /** Whether {@code key} is a LookupAttribute key this emulator understands (§17.2). */
    public static boolean knownAttribute(String key) {
        return List.of(
                        "EventName",
                        "ResourceName",
                        "ResourceType",
                        "EventRW",
                        "EventAccessKeyId",
                        "User",
                        "ServiceName",
                        "EventId")
                .contains(key);
    }

    private static String encodeToken(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a NextToken; throws IllegalArgumentException for one this log did not issue. */
    static int decodeToken(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        if (!s.startsWith("o:")) {
            throw new IllegalArgumentException("NextToken");
        }
        return Integer.parseInt(s.substring(2));
    }

    /** The events as ActionTrail's JSON event records (§17.3 shape). */
    public static ObjectNode toJson(AuditEvent e, String account) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("eventId", e.eventId())
                .put("eventVersion", "1")
                .put("eventName", e.eventName())
                .put("eventSource", "kms." + e.region() + ".aliyuncs.com")
                .put("eventType", "ApiCall")
                .put("eventRW", e.eventRW())
                .put("eventTime", e.eventTime().toString())
                .put("acsRegion", e.region())
                .put("requestId", e.requestId())
                .put("apiVersion", "2016-01-20")
                .put("serviceName", "Kms")
                .put("sourceIpAddress", e.sourceIpAddress())
                .put("userAgent", e.userAgent());
        if (e.errorCode() != null) {
            o.put("errorCode", e.errorCode());
        }
        if (e.resourceName() != null) {
            o.put("resourceName", e.resourceName()).put("resourceType", "ACS::KMS::Secret");
        }
        ObjectNode params = o.putObject("requestParameters");
        new TreeMap<>(e.requestParameters()).forEach(params::put);
        o.set("userIdentity", userIdentity(e, account));
        return o;
    }

    /**
     * The caller as LookupEvents shows it (kms-openapi.md §19; ActionTrail's sample events): a RAM user's
     * {@code type: ram-user} with its user name, or, for an STS session ({@code <role>:<session>} as user name, which
     * no RAM user name can be), {@code type: assumed-role}, {@code principalId <roleId>:<session>} and a
     * {@code sessionContext}. The principal ids are the ones the emulator's GetCallerIdentity answers.
     */
    static ObjectNode userIdentity(AuditEvent e, String account) {
        ObjectNode who = JsonNodeFactory.instance.objectNode();
        String user = e.userName() == null ? "" : e.userName();
        int colon = user.indexOf(':');
        if (colon > 0) {
            String role = user.substring(0, colon).toLowerCase(Locale.ROOT);
            String session = user.substring(colon + 1);
            String roleId = PrincipalIds.of(account, "role/" + role);
            who.put("type", "assumed-role")
                    .put("accountId", account)
                    .put("principalId", roleId + ":" + session)
                    .put("accessKeyId", e.accessKeyId())
                    .put("userName", user)
                    .put("arn", "acs:ram::" + account + ":assumed-role/" + role + "/" + session);
            who.putObject("sessionContext")
                    .putObject("attributes")
                    .put("mfaAuthenticated", "false")
                    .put("creationDate", e.eventTime().toString());
        } else {
            who.put("type", "ram-user")
                    .put("accountId", account)
                    .put("principalId", PrincipalIds.of(account, "user/" + user))
                    .put("accessKeyId", e.accessKeyId())
                    .put("userName", user)
                    .put("arn", "acs:ram::" + account + ":user/" + user);
        }
        return who;
    }

    /** Persisted form (the world file's {@code events}). */
    public synchronized ArrayNode toJson() {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (AuditEvent e : events) {
            arr.add(persisted(e));
        }
        return arr;
    }

    /** One event in its persisted form (an element of the world file's {@code events}). */
    public static ObjectNode persisted(AuditEvent e) {
        ObjectNode o = JsonNodeFactory.instance
                .objectNode()
                .put("eventId", e.eventId())
                .put("eventName", e.eventName())
                .put("eventTime", e.eventTime().toString())
                .put("eventRW", e.eventRW())
                .put("region", e.region())
                .put("requestId", e.requestId())
                .put("sourceIpAddress", e.sourceIpAddress())
                .put("userAgent", e.userAgent())
                .put("accessKeyId", e.accessKeyId())
                .put("userName", e.userName());
        if (e.resourceName() != null) {
            o.put("resourceName", e.resourceName());
        }
        if (e.errorCode() != null) {
            o.put("errorCode", e.errorCode());
        }
        ObjectNode p = o.putObject("requestParameters");
        new TreeMap<>(e.requestParameters()).forEach(p::put);
        return o;
    }

    private String share(String v) {
        if (v == null || v.length() > 64) {
            return v;
        }
        String known = shared.get(v);
        if (known != null) {
            return known;
        }
        if (shared.size() < 50_000) {
            shared.put(v, v);
        }
        return v;
    }

    private AuditEvent compact(AuditEvent e) {
        Map<String, String> params = new TreeMap<>();
        e.requestParameters().forEach((k, v) -> params.put(share(k), share(v)));
        return new AuditEvent(
                e.eventId(),
                share(e.eventName()),
                e.eventTime(),
                share(e.eventRW()),
                share(e.region()),
                e.requestId(),
                share(e.sourceIpAddress()),
                share(e.userAgent()),
                share(e.accessKeyId()),
                share(e.userName()),
                share(e.resourceName()),
                share(e.errorCode()),
                params);
    }

    /** Adds one event in its persisted form ({@link #persisted}) as already recorded: it is not {@link #since} any mark. */
    public synchronized void addPersisted(JsonNode o) {
        events.addLast(compact(fromJson(o)));
        while (events.size() > CAPACITY) {
            events.removeFirst();
        }
    }

    private static AuditEvent fromJson(JsonNode o) {
        Map<String, String> params = new TreeMap<>();
        o.path("requestParameters")
                .properties()
                .forEach(p -> params.put(p.getKey(), p.getValue().asString()));
        return new AuditEvent(
                o.path("eventId").asString(),
                o.path("eventName").asString(),
                Instant.parse(o.path("eventTime").asString()),
                o.path("eventRW").asString(),
                o.path("region").asString(),
                o.path("requestId").asString(),
                o.path("sourceIpAddress").asString(),
                o.path("userAgent").asString(),
                o.path("accessKeyId").asString(),
                o.path("userName").asString(),
                o.hasNonNull("resourceName") ? o.get("resourceName").asString() : null,
                o.hasNonNull("errorCode") ? o.get("errorCode").asString() : null,
                params);
    }

    /** Restores persisted events. */
    public synchronized void load(JsonNode arr) {
        events.clear();
        if (arr == null || !arr.isArray()) {
            return;
        }
        for (JsonNode o : arr) {
            addPersisted(o);
        }
    }
}
