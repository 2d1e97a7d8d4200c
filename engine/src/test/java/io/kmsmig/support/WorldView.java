package io.kmsmig.support;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A test's view of a KMS world, over HTTPS or in memory: the secrets of a region as the world dump shows them. */
public interface WorldView {
    /** Secret name to its JSON in the world dump (values included), for one region. */
    Map<String, JsonNode> secrets(String region);
}
