package dev.duplex.cli.verify;

import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.sql.NodeConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Compares every table a task selects, on node a and node b. */
public final class Verifier {
    private final TaskConfig config;
    private final SecretResolver secrets;
    private final int chunkSize;
    private final int maxSampleKeys;

    public Verifier(TaskConfig config, SecretResolver secrets, int chunkSize, int maxSampleKeys) {
        this.config = config;
        this.secrets = secrets;
        this.chunkSize = chunkSize;
        this.maxSampleKeys = maxSampleKeys;
    }

    public List<TableDiff> verifyAll() throws SQLException {
        try (Connection a = new NodeConnections(config.a(), secrets).open();
             Connection b = new NodeConnections(config.b(), secrets).open()) {
            var verifier = new TableVerifier(a, b, chunkSize, maxSampleKeys);
            List<TableDiff> out = new ArrayList<>();
            for (TablePair t : TableCatalog.selectedTables(config, a)) {
                out.add(verifier.verify(t));
            }
            return out;
        }
    }
}
