package io.kmsmig.emulator.world;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The SignatureNonces the account's gateway has seen recently, so a replayed request is refused with
 * SignatureNonceUsed (kms-openapi.md §19 "Common-parameter strictness"). Kept in memory only: a restarted emulator
 * forgets them, as a request older than the retention would be refused by its Timestamp anyway.
 */
public final class NonceLedger {
    /**
     * How long a nonce stays used. A request is accepted while its Timestamp is within 15 minutes of the server's
     * clock, so a replay can arrive up to 30 minutes after the original; Alibaba's gateway keeps nonces 31 minutes
     * (OpenAPI on-call answer, developer.aliyun.com/ask/561619).
     */
    public static final Duration RETENTION = Duration.ofMinutes(31);

    private final Map<String, Instant> seen = new HashMap<>();
    private final ArrayDeque<Map.Entry<String, Instant>> byExpiry = new ArrayDeque<>();

    /** Records {@code nonce} at {@code now}; false when it was already used within {@link #RETENTION}. */
    public synchronized boolean firstUse(String nonce, Instant now) {
        while (!byExpiry.isEmpty() && !byExpiry.peekFirst().getValue().isAfter(now)) {
            seen.remove(byExpiry.pollFirst().getKey());
        }
        if (seen.containsKey(nonce)) {
            return false;
        }
        Instant expiry = now.plus(RETENTION);
        seen.put(nonce, expiry);
        byExpiry.addLast(Map.entry(nonce, expiry));
        return true;
    }
}
