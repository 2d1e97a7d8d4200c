package io.kmsmig.state;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared state contract on the state file: one file per migration, as each spec's {@code state:} names. */
class FileStateBackendContractTest extends StateBackendContract {
    @TempDir
    Path dir;

    @Override
    protected StateBackend backend(String specName) {
        return new FileStateBackend(dir.resolve(specName + ".state.json"), specName, CLOCK, "spec.yaml", "1.2.3");
    }
}
