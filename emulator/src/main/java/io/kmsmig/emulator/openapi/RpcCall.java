package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.world.AccessKey;
import java.util.Map;

/**
 * One authenticated RPC call, as the action handlers see it.
 *
 * @param region    region the endpoint serves
 * @param action    the {@code Action} parameter
 * @param params    decoded parameters
 * @param caller    the access key that signed the call
 * @param requestId the answer's RequestId
 * @param headers   request headers, names lower-cased
 */
public record RpcCall(
        String region, String action, Params params, AccessKey caller, String requestId, Map<String, String> headers) {}
