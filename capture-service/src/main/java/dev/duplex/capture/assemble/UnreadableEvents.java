package dev.duplex.capture.assemble;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import dev.duplex.capture.reader.IncidentEventData;
import dev.duplex.core.error.StartOver;
import java.util.Optional;

/**
 * The event types capture refuses, each with why and the way back: changes logged in a form
 * capture cannot read, which it must never step over.
 */
final class UnreadableEvents {
    private UnreadableEvents() {}

    /**
     * Why capture stops on an INCIDENT and what to do. Changes the server made are not in its
     * binlog, and which ones it does not say: nothing after this point can be trusted to bring
     * node b level, so only a copy can.
     */
    static String incident(EventData data) {
        String what = data instanceof IncidentEventData d
                ? d.incident() + (d.message().isEmpty() ? "" : " (" + d.message() + ")") : "an incident";
        return "the source wrote " + what + " into its binlog: changes it made here are missing from the binlog, "
                + "and no capture can read them. " + StartOver.afterFixing("Find what failed in the source's error "
                + "log at that time (a binlog cache too small for non-transactional changes, a failed binlog write) "
                + "and fix it");
    }

    /** Why capture cannot read an event of {@code type}; empty for the types it reads or may skip. */
    static Optional<String> why(EventType type) {
        return Optional.ofNullable(switch (type) {
            case TRANSACTION_PAYLOAD -> "the source writes compressed transaction payloads "
                    + "(binlog_transaction_compression=ON); Duplex cannot read them: " + StartOver.afterFixing(
                            "SET GLOBAL binlog_transaction_compression=OFF and add it to the server config");
            case PARTIAL_UPDATE_ROWS_EVENT -> "the source writes JSON partial updates "
                    + "(binlog_row_value_options=PARTIAL_JSON), which lack the full row image: " + StartOver.afterFixing(
                            "SET GLOBAL binlog_row_value_options='' and remove it from the server config");
            case XA_PREPARE -> "an XA transaction was prepared on the source; Duplex does not capture XA "
                    + "transactions: commit them as ordinary transactions";
            case BEGIN_LOAD_QUERY, EXECUTE_LOAD_QUERY, APPEND_BLOCK, DELETE_FILE, CREATE_FILE, EXEC_LOAD, LOAD,
                 NEW_LOAD -> "a LOAD DATA is logged as a statement with its file, not as rows (the session that ran "
                    + "it used binlog_format=STATEMENT): " + StartOver.afterFixing("SET GLOBAL binlog_format=ROW, "
                    + "add it to the server config and make sure no session overrides it");
            default -> null;
        });
    }
}
