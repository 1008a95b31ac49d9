package dev.duplex.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.duplex.core.error.DecodeException;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.SessionVariable;
import dev.duplex.core.model.SourceSession;
import dev.duplex.core.model.Transaction;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Format 3: a DDL change carries the source session it ran in; format 1 and 2 messages still read. */
class DdlSessionWireTest {
    private static final BatchCodec CODEC = new BatchCodec();
    private static final Seq SEQ = Seq.ofTransaction(WireSamples.START, 0);
    private static final String SESSION_JSON = "\"session\":{\"ts\":1600000000123456,\"server\":\"mariadb\","
            + "\"vars\":{\"time_zone\":\"+05:00\",\"sql_mode\":\"STRICT_TRANS_TABLES,NO_ZERO_DATE\","
            + "\"character_set_client\":\"latin1\",\"collation_connection\":\"utf8mb4_unicode_ci\","
            + "\"foreign_key_checks\":false,\"auto_increment_increment\":2}}";

    static SourceSession session() {
        Map<SessionVariable, String> vars = new EnumMap<>(SessionVariable.class);
        vars.put(SessionVariable.AUTO_INCREMENT_INCREMENT, "2");
        vars.put(SessionVariable.FOREIGN_KEY_CHECKS, "0");
        vars.put(SessionVariable.TIME_ZONE, "+05:00");
        vars.put(SessionVariable.SQL_MODE, "STRICT_TRANS_TABLES,NO_ZERO_DATE");
        vars.put(SessionVariable.CHARACTER_SET_CLIENT, "latin1");
        vars.put(SessionVariable.COLLATION_CONNECTION, "utf8mb4_unicode_ci");
        return new SourceSession(1_600_000_000_123_456L, SourceSession.Server.MARIADB, vars);
    }

    private static Batch ddlBatch(int version, DdlChange ddl) {
        return new Batch(version, "shop", Direction.A2B, "a", "a2b", SEQ, new BinlogRange(WireSamples.START,
                WireSamples.END), BatchKind.DDL, false, Batch.Fragment.WHOLE,
                List.of(new Transaction(SEQ, "0-1-7", 1, List.of(ddl))),
                version == Batch.V1 ? null : new Batch.Chain("c1", "mariadb:1", Seq.ZERO));
    }

    @Test
    void shouldWriteTheSessionAfterTheStatementInItsPinnedForm() {
        String json = CODEC.encodeToString(ddlBatch(Batch.FORMAT_VERSION, new DdlChange("shop", "ALTER TABLE t ADD c INT",
                session())));
        assertTrue(json.startsWith("{\"v\":3,"), json);
        assertTrue(json.contains("\"changes\":[{\"ddl\":\"ALTER TABLE t ADD c INT\",\"db\":\"shop\"," + SESSION_JSON
                + "}]"), json);
    }

    @Test
    void shouldRoundTripTheSession() {
        Batch batch = ddlBatch(Batch.FORMAT_VERSION, new DdlChange("shop", "ALTER TABLE t ADD c INT", session()));
        assertEquals(batch, CODEC.decode(CODEC.encode(batch)));
    }

    @Test
    void shouldReadDdlOfOlderFormatsWithoutASession() {
        DdlChange v1 = (DdlChange) CODEC.decode(WireSamples.SAMPLE_JSON).transactions().getFirst().changes().get(1);
        assertEquals(new DdlChange("shop", "ALTER TABLE t ADD c INT"), v1);
        assertNull(v1.session());
        String v2Json = CODEC.encodeToString(ddlBatch(Batch.V2, new DdlChange("shop", "ALTER TABLE t ADD c INT")));
        assertTrue(v2Json.startsWith("{\"v\":2,"), v2Json);
        DdlChange v2 = (DdlChange) CODEC.decode(v2Json).transactions().getFirst().changes().getFirst();
        assertNull(v2.session());
    }

    @Test
    void shouldReadAFormatThreeDdlWithoutASessionAsBefore() {
        Batch batch = ddlBatch(Batch.FORMAT_VERSION, new DdlChange("shop", "ALTER TABLE t ADD c INT"));
        assertEquals(batch, CODEC.decode(CODEC.encode(batch)));
    }

    @Test
    void shouldRefuseToWriteASessionIntoAnOlderFormat() {
        Batch v2 = ddlBatch(Batch.V2, new DdlChange("shop", "ALTER TABLE t ADD c INT", session()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CODEC.encode(v2));
        assertTrue(e.getMessage().contains("needs wire format 3"), e.getMessage());
    }

    static Stream<Arguments> malformedSessions() {
        String at = "txs[0].changes[0].session";
        return Stream.of(
                arguments("unknown variable", "\"vars\":{\"time_zone\":\"+05:00\"", "\"vars\":{\"sql_log_bin\":false",
                        at + ".vars: unknown field 'sql_log_bin'"),
                arguments("SQL in a value", "+05:00", "+05:00'; DROP TABLE t; --",
                        at + ".vars.time_zone: '+05:00'; DROP TABLE t; --' is not a valid time_zone text"),
                arguments("flag as a number", "\"foreign_key_checks\":false", "\"foreign_key_checks\":0",
                        at + ".vars.foreign_key_checks: expected true or false, got an integer"),
                arguments("number out of range", "\"auto_increment_increment\":2", "\"auto_increment_increment\":70000",
                        at + ".vars.auto_increment_increment: '70000' is not a valid auto_increment_increment number"),
                arguments("unknown server", "\"server\":\"mariadb\"", "\"server\":\"oracle\"",
                        at + ".server: unknown server 'oracle'"),
                arguments("missing timestamp", "\"ts\":1600000000123456,", "", at + ": missing required field 'ts'"),
                arguments("unknown member", "\"server\":", "\"pseudo_thread_id\":1,\"server\":",
                        at + ": unknown field 'pseudo_thread_id'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedSessions")
    void shouldRejectAMalformedSessionNamingItsPlace(String name, String from, String to, String expected) {
        String json = CODEC.encodeToString(ddlBatch(Batch.FORMAT_VERSION, new DdlChange("shop", "ALTER TABLE t ADD c INT",
                session())));
        assertTrue(json.contains(from), json);
        DecodeException e = assertThrows(DecodeException.class, () -> CODEC.decode(json.replace(from, to)));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void shouldRejectASessionInAFormatTwoMessage() {
        String v3 = CODEC.encodeToString(ddlBatch(Batch.FORMAT_VERSION, new DdlChange("shop", "ALTER TABLE t ADD c INT",
                session())));
        DecodeException e = assertThrows(DecodeException.class, () -> CODEC.decode(v3.replace("{\"v\":3,", "{\"v\":2,")));
        assertTrue(e.getMessage().startsWith("txs[0].changes[0]: unknown field 'session'"), e.getMessage());
    }

    @Test
    void shouldRejectASessionOnARowChange() {
        String body = WireSamples.SAMPLE_JSON.replace("{\"v\":1,", "{\"v\":3,").replace("\"kind\":",
                "\"chain\":{\"id\":\"c\",\"source\":\"s\",\"prev\":\"0000000000.0000000000000.0.0000000000\"},\"kind\":")
                .replace("\"after\":[1,{\"dec\":\"10.00\"}]", "\"after\":[1,{\"dec\":\"10.00\"}]," + SESSION_JSON);
        DecodeException e = assertThrows(DecodeException.class, () -> CODEC.decode(body));
        assertTrue(e.getMessage().contains("'session' belongs to a DDL change"), e.getMessage());
    }
}
