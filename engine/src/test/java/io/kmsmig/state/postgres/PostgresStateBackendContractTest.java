package io.kmsmig.state.postgres;

import io.kmsmig.state.StateBackend;
import io.kmsmig.state.StateBackendContract;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The shared state contract on PostgreSQL: every migration of a test in one schema, as many teams' specs share one
 * database; each test has a workspace of its own.
 */
class PostgresStateBackendContractTest extends StateBackendContract {
    private static final DataSource DS = EmbeddedPg.dataSource();
    private static final String SCHEMA = EmbeddedPg.freshSchema();
    private final String workspace = UUID.randomUUID().toString();

    @Override
    protected StateBackend backend(String specName) {
        return new PostgresStateBackend(DS, SCHEMA, specName, workspace, CLOCK, "1.2.3", 3);
    }
}
