package dev.duplex.capture.snapshot;

import dev.duplex.capture.decode.TextCharset;
import java.util.List;

/** Node a's tables of {@code Configs.shop()} as the full sync describes them. */
final class ShopTables {
    /** crm.customers: selected into crm_eu.clients without email, region EU only. */
    static final SnapshotTable CUSTOMERS = new SnapshotTable("crm", "customers", List.of(
            new SourceColumn("id", ReadKind.SIGNED, TextCharset.BINARY, 0, false),
            new SourceColumn("name", ReadKind.TEXT, TextCharset.UTF8MB4, 0, false),
            new SourceColumn("email", ReadKind.TEXT, TextCharset.UTF8MB4, 0, false),
            new SourceColumn("region", ReadKind.TEXT, TextCharset.UTF8MB4, 0, false)), List.of("id"), 10);

    private ShopTables() {}
}
