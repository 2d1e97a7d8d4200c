package io.kmsmig.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.state.State;
import io.kmsmig.state.StateCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code kmsmig state list|show} print exactly these lines for a known state (the format they had in cli). */
class StateRendererTest {
    private static State golden() throws IOException {
        return StateCodec.read(JsonMapper.builder()
                .build()
                .readTree(Files.readString(Path.of("src/test/resources/scenarios/source-gained-version/state.json"))));
    }

    @Test
    void list_showsLineageSerialAndOneAlignedRowPerSecret() throws IOException {
        assertEquals("""
                State lineage 2c957a72-6fc0-44e6-a93b-74fcc392103a, serial 10, 1 secrets.
                  orders/db-password  migrated        orders/db-password
                """, StateRenderer.list(golden(), OutputFormat.text));
    }

    @Test
    void list_ofNoState_saysNothingWasApplied() {
        assertEquals(
                "No state yet: nothing has been applied for this spec.\n",
                StateRenderer.list(State.empty("m"), OutputFormat.text));
    }

    @Test
    void show_printsTheRecordFieldByField() throws IOException {
        State st = golden();
        assertEquals("""
                orders/db-password (Generic)
                  source:       cn-hangzhou acs:kms:cn-hangzhou:1234567890123456:secret/orders/db-password
                  destination:  cn-shanghai orders/db-password acs:kms:cn-shanghai:1234567890123456:secret/orders/db-password
                  status:       migrated, last action UpdateSecretVersionStage
                  disposition:  recreate
                  versions:     3
                    v1  source created 2023-01-01T00:00:00Z, destination created 2026-11-29T05:29:30.591087314Z
                    v2  source created 2023-05-01T00:00:00Z, destination created 2026-11-29T05:29:30.645095496Z
                    v3  source created 2023-11-01T00:00:00Z, destination created 2026-11-29T05:29:30.684751546Z
                  stages:       {001=v1, ACSCurrent=v3, ACSPrevious=v2}
                """, StateRenderer.show(st.secret("orders/db-password").orElseThrow(), OutputFormat.text));
    }

    @Test
    void json_isTheStateFilesOwnJson() throws IOException {
        String json = StateRenderer.list(golden(), OutputFormat.json);
        assertTrue(json.startsWith("{\n  \"format_version\" : 1,\n  \"lineage\" : \"2c957a72"), json);
        assertTrue(json.endsWith("}\n"), json);
    }
}
