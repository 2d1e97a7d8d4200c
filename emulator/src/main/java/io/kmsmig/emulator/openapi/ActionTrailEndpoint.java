package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.actiontrail.AuditEvent;
import io.kmsmig.emulator.actiontrail.AuditLog;
import io.kmsmig.emulator.faults.CallLog;
import io.kmsmig.emulator.faults.Faults;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.World;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A region's ActionTrail endpoint, LookupEvents 2020-07-06 (kms-openapi.md §17). {@code Events} is a bare JSON
 * array: the SDK's LookupEventsResponse reads it with {@code checkShowJsonItemName() == false}.
 */
public final class ActionTrailEndpoint extends RpcEndpoint {
    private final AuditLog audit;

    public ActionTrailEndpoint(World world, String region, Faults faults, CallLog calls, AuditLog audit) {
        super(world, region, faults, calls, audit);
        this.audit = audit;
    }

    @Override
    protected String apiVersion() {
        return "2020-07-06";
    }

    @Override
    protected String host() {
        return "actiontrail." + region + ".aliyuncs.com";
    }

    @Override
    protected boolean audited() {
        return false;
    }

    @Override
    protected void dispatch(RpcCall c, ObjectNode out) {
        if (!"LookupEvents".equals(c.action())) {
            throw new KmsError(404, "InvalidAction.NotFound", "Specified api is not found: " + c.action());
        }
        Params p = c.params();
        Instant now = world.clock().nowSeconds();
        Instant end = time(p, "EndTime", now);
        Instant start = time(p, "StartTime", end.minus(Duration.ofDays(7)));
        if (start.isAfter(end)) {
            throw KmsError.invalid("StartTime", "must not be after EndTime");
        }
        // §17.2: only the last 90 days are queryable.
        Instant oldest = now.minus(Duration.ofDays(90));
        Instant from = start.isBefore(oldest) ? oldest : start;
        Map<String, String> attrs = new LinkedHashMap<>();
        for (var a : p.indexedPairs("LookupAttribute")) {
            if (!AuditLog.knownAttribute(a.getKey())) {
                throw KmsError.invalid("LookupAttribute.Key", "unknown key " + a.getKey());
            }
            attrs.put(a.getKey(), a.getValue());
        }
        if (attrs.size() > 2) {
            throw KmsError.invalid("LookupAttribute", "at most two conditions");
        }
        int max = p.integer("MaxResults", 20, 0, 50);
        String direction = p.get("Direction") == null ? "BACKWARD" : p.get("Direction");
        if (!direction.equals("BACKWARD") && !direction.equals("FORWARD")) {
            throw KmsError.invalid("Direction", "BACKWARD or FORWARD");
        }
        AuditLog.Page page;
        try {
            page = audit.lookup(
                    c.region(), attrs, from, end, direction.equals("FORWARD"), max == 0 ? 20 : max, p.get("NextToken"));
        } catch (IllegalArgumentException e) {
            throw KmsError.invalid("NextToken", "not a token from a previous answer");
        }
        out.put("StartTime", Json.time(start)).put("EndTime", Json.time(end));
        if (page.nextToken() != null) {
            out.put("NextToken", page.nextToken());
        }
        ArrayNode events = out.putArray("Events");
        for (AuditEvent e : page.events()) {
            events.add(AuditLog.toJson(e, world.account()));
        }
    }

    private static Instant time(Params p, String name, Instant dflt) {
        String v = p.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw KmsError.invalid(name, "ISO-8601 UTC like 2024-01-01T00:00:00Z");
        }
    }
}
