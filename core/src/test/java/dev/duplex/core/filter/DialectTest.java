package dev.duplex.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.model.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which server's rules a source's version() selects, and what differs between them. */
class DialectTest {

    @Test
    void shouldTellMariaDbReleasesThatCompareAStringWithAnIntegerAsDecimal() {
        assertEquals(Dialect.MARIADB, Dialect.of(true, "10.11.19-MariaDB-0+deb12u1-log"));
        assertEquals(Dialect.MARIADB, Dialect.of(true, "10.5.17-MariaDB"));
        assertEquals(Dialect.MARIADB, Dialect.of(true, "10.6.9-MariaDB-log"));
        assertEquals(Dialect.MARIADB, Dialect.of(true, "10.10.1-MariaDB"));
        assertEquals(Dialect.MARIADB, Dialect.of(true, "11.4.2-MariaDB"));
        assertEquals(Dialect.MARIADB, Dialect.of(true, "5.5.5-10.11.6-MariaDB"), "the handshake's form");
        assertEquals(Dialect.MARIADB, Dialect.of(true, "MariaDB"), "an unreadable one counts as current");
        assertEquals(Dialect.MARIADB_BEFORE_DECIMAL_COMPARISONS, Dialect.of(true, "5.5.5-10.5.10-MariaDB"));
        assertEquals(Dialect.MARIADB_BEFORE_DECIMAL_COMPARISONS, Dialect.of(true, "10.5.16-MariaDB"));
        assertEquals(Dialect.MARIADB_BEFORE_DECIMAL_COMPARISONS, Dialect.of(true, "10.6.8-MariaDB"));
        assertEquals(Dialect.MARIADB_BEFORE_DECIMAL_COMPARISONS, Dialect.of(true, "10.9.1-MariaDB"));
        assertEquals(Dialect.MYSQL, Dialect.of(false, "8.0.36"));
    }

    @Test
    void shouldReadAStringComparedWithAnIntegerAsADoubleBeforeMariaDbReadItAsADecimal() {
        Map<String, Value> row = Map.of("s", new Value.Text("5e 9"));
        WhereFilter f = WhereFilter.parse("s <= 10");
        assertEquals(Truth.FALSE, f.evaluate(WhereFilter.lookup(row), Dialect.MARIADB));
        assertEquals(Truth.TRUE, f.evaluate(WhereFilter.lookup(row), Dialect.MARIADB_BEFORE_DECIMAL_COMPARISONS));
        assertEquals(Truth.TRUE, f.evaluate(WhereFilter.lookup(row), Dialect.MYSQL));
    }
}
