package io.kmsmig.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The region list kmsmig checks specs against. */
class RegionsTest {
    @Test
    void everyKmsRegionOfTheBundledSdk_isKnown() throws IOException {
        // given: the endpoint table shipped inside aliyun-java-sdk-core (the SDK kmsmig calls KMS with)
        JsonNode kms;
        try (InputStream in = getClass().getResourceAsStream("/endpoints.json")) {
            assertNotNull(in, "aliyun-java-sdk-core's endpoints.json is on the classpath");
            kms = JsonMapper.builder().build().readTree(in).at("/regional_endpoints/kms");
        }
        // then
        List<String> missing = new ArrayList<>();
        kms.propertyNames().forEach(r -> {
            if (!Regions.known(r)) {
                missing.add(r);
            }
        });
        assertTrue(kms.size() >= 15, "the SDK lists KMS endpoints: " + kms);
        assertEquals(List.of(), missing, "KMS regions of the SDK that Regions.KNOWN lacks");
    }

    @Test
    void unknown_suggestsTheNearestRegions() {
        assertTrue(Regions.unknown("cn-hangzou").contains("did you mean 'cn-hangzhou'"), Regions.unknown("cn-hangzou"));
        assertTrue(Regions.unknown("ap-southeast-4").contains("'ap-southeast-1'"), Regions.unknown("ap-southeast-4"));
    }
}
