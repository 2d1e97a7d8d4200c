package io.kmsmig.emulator.admin;

import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.emulator.faults.FaultConfig;
import io.kmsmig.emulator.openapi.HttpAnswer;
import io.kmsmig.emulator.openapi.HttpExchangeData;
import io.kmsmig.emulator.openapi.Json;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.Semantics;
import io.kmsmig.formats.FormatException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every request needs {@code Authorization: Bearer <adminToken>} (401 without, 403 with another token).
 * {@code GET /admin/world}, {@code POST /admin/world} (replace secrets and semantics from a world document),
 * {@code GET /admin/calls}, {@code POST /admin/calls/clear}, {@code GET|POST /admin/faults},
 * {@code GET|POST /admin/semantics}, {@code POST /admin/clock/advance?seconds=N},
 * {@code POST /admin/clock/offset?seconds=N} (sets the clock's offset from the machine's, negative for behind: a server
 * whose clock disagrees with the client's), {@code POST /admin/reset},
 * {@code GET /admin/events}, {@code POST /admin/instance-backup/restore} (the console's backup and restore of a KMS
 * instance's secrets; body {@code {"from": {"region", "instance"}, "to": {"region", "instance", "key"}}}).
 */
public final class AdminEndpoint {
    private final KmsEmulator emulator;
    private final byte[] token;

    /** {@code token}: what callers must send as {@code Authorization: Bearer <token>}. */
    public AdminEndpoint(KmsEmulator emulator, String token) {
        this.emulator = emulator;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
    }

    /** A fresh random admin token (256 bits, URL-safe base64). */
    public static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public HttpAnswer handle(HttpExchangeData req) {
        if (!loopback(req.remoteIp())) {
            return answer(403, Json.object().put("error", "the admin API answers loopback callers only"));
        }
        // Loopback alone is not enough: any local user or process could dump the world's values. The token is only
        // in the owner-only --info file.
        String auth = req.header("authorization");
        if (auth == null || auth.isBlank()) {
            return answer(
                    401,
                    Json.object()
                            .put(
                                    "error",
                                    "the admin API needs the header 'Authorization: Bearer "
                                            + "<adminToken>'; adminToken is in the emulator's --info file"));
        }
        byte[] given =
                auth.startsWith("Bearer ") ? auth.substring(7).trim().getBytes(StandardCharsets.US_ASCII) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            return answer(
                    403,
                    Json.object()
                            .put(
                                    "error",
                                    "wrong admin token; use adminToken from the emulator's --info "
                                            + "file (it changes on every start)"));
        }
        String route = req.method() + " " + req.path();
        try {
            return switch (route) {
                case "GET /admin/world" -> answer(200, emulator.dump());
                case "POST /admin/world" -> {
                    emulator.replaceWorld(Json.MAPPER.readTree(req.body()));
                    yield ok();
                }
                case "GET /admin/calls" -> answer(200, calls());
                case "POST /admin/calls/clear" -> {
                    emulator.calls().clear();
                    yield ok();
                }
                case "GET /admin/faults" ->
                    answer(200, emulator.faults().config().toJson());
                case "POST /admin/faults" -> {
                    emulator.setFaults(FaultConfig.fromJson(Json.MAPPER.readTree(req.body())));
                    yield ok();
                }
                case "GET /admin/semantics" ->
                    answer(200, semantics(emulator.world().semantics()));
                case "POST /admin/semantics" -> {
                    emulator.world()
                            .setSemantics(merge(emulator.world().semantics(), Json.MAPPER.readTree(req.body())));
                    yield ok();
                }
                case "POST /admin/clock/advance" -> {
                    emulator.advanceClock(Duration.ofSeconds(seconds(req.rawQuery())));
                    yield ok();
                }
                case "POST /admin/clock/offset" -> {
                    emulator.setClockOffset(Duration.ofSeconds(seconds(req.rawQuery())));
                    yield ok();
                }
                case "POST /admin/reset" -> {
                    emulator.reset();
                    yield ok();
                }
                case "GET /admin/events" ->
                    answer(200, Json.object().set("events", emulator.audit().toJson()));
                case "POST /admin/instance-backup/restore" -> {
                    JsonNode b = Json.MAPPER.readTree(req.body());
                    var names = emulator.restoreInstanceBackup(
                            b.at("/from/region").asString(),
                            b.at("/from/instance").asString(),
                            b.at("/to/region").asString(),
                            b.at("/to/instance").asString(),
                            b.at("/to/key").asString());
                    ObjectNode o = Json.object();
                    names.forEach(o.putArray("restored")::add);
                    yield answer(200, o);
                }
                default -> answer(404, Json.object().put("error", "no admin route " + route));
            };
        } catch (JacksonException | FormatException | IllegalArgumentException e) {
            return answer(400, Json.object().put("error", e.getMessage()));
        } catch (KmsError e) {
            return answer(e.status(), Json.object().put("error", e.code() + ": " + e.getMessage()));
        }
    }

    private ObjectNode calls() {
        ObjectNode o = Json.object();
        ObjectNode counts = o.putObject("counts");
        emulator.calls().counts().forEach(counts::put);
        ObjectNode codes = o.putObject("codes");
        emulator.calls().codes().forEach(codes::put);
        o.put("writes", emulator.calls().writes());
        return o;
    }

    static ObjectNode semantics(Semantics s) {
        return Json.object()
                .put("acsPreviousFollowsCurrent", s.acsPreviousFollowsCurrent())
                .put("versionOrder", s.versionOrder().name().toLowerCase(Locale.ROOT))
                .put("seed", s.seed())
                .put("acceptEmptyVersionStages", s.acceptEmptyVersionStages())
                .put("instanceListShape", s.instanceListShape().name().toLowerCase(Locale.ROOT));
    }

    static Semantics merge(Semantics s, JsonNode j) {
        return new Semantics(
                j.path("acsPreviousFollowsCurrent").asBoolean(s.acsPreviousFollowsCurrent()),
                j.has("versionOrder")
                        ? Semantics.VersionOrder.valueOf(
                                j.get("versionOrder").asString().toUpperCase(Locale.ROOT))
                        : s.versionOrder(),
                j.path("seed").asLong(s.seed()),
                j.path("acceptEmptyVersionStages").asBoolean(s.acceptEmptyVersionStages()),
                j.has("instanceListShape")
                        ? Semantics.InstanceListShape.valueOf(
                                j.get("instanceListShape").asString().toUpperCase(Locale.ROOT))
                        : s.instanceListShape());
    }

    private static long seconds(String query) {
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("seconds=")) {
                    return Long.parseLong(part.substring(8));
                }
            }
        }
        throw new IllegalArgumentException("give ?seconds=N");
    }

    private static boolean loopback(String ip) {
        try {
            return InetAddress.getByName(ip).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static HttpAnswer ok() {
        return answer(200, Json.object().put("ok", true));
    }

    private static HttpAnswer answer(int status, ObjectNode body) {
        return HttpAnswer.json(status, Json.bytes(body));
    }
}
