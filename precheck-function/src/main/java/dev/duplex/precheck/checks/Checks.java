package dev.duplex.precheck.checks;

import dev.duplex.precheck.Check;

import java.util.List;

/** Every check, in report order: reachability first, then server settings, then objects. */
public final class Checks {

    private Checks() {}

    public static List<Check> all() {
        return List.of(
                new ConnectivityCheck(),
                new TlsCheck(),
                new VersionCheck(),
                new VersionCompatibilityCheck(),
                new BinlogEnabledCheck(),
                new BinlogFormatCheck(),
                new BinlogRowImageCheck(),
                new BinlogRowMetadataCheck(),
                new LogReplicaUpdatesCheck(),
                new BinlogRetentionCheck(),
                new BinlogCompressionCheck(),
                new JsonPartialUpdatesCheck(),
                new ServerIdCheck(),
                new GtidCheck(),
                new BinlogFiltersCheck(),
                new LowerCaseTableNamesCheck(),
                new PrivilegesCheck(),
                new ObjectsExistCheck(),
                new PrimaryKeyCheck(),
                new SequenceCheck(),
                new StorageEngineCheck(),
                new SystemVersioningCheck(),
                new ConflictingTablesCheck(),
                new TableLimitCheck(),
                new CharsetCheck(),
                new ForeignKeyCascadeCheck(),
                new TriggersCheck(),
                new InvisibleColumnsCheck(),
                new LwwCheck(),
                new ClockSkewCheck());
    }
}
