package dev.duplex.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupPositionsTest {

    @Test
    void shouldTakeTheLowestPositionByFileNumberAndTheLargestLatency() {
        Map<String, GroupMark> marks = new LinkedHashMap<>();
        marks.put("a2b", new GroupMark("s", "mysql-bin.000010:4", 3));
        marks.put("a2b.shop.t1", new GroupMark("s", "mysql-bin.000009:99999", -1));
        marks.put("a2b.shop.t2", new GroupMark("s", "mysql-bin.000010:2", 800));

        assertEquals(new GroupPositions("mysql-bin.000009:99999", "a2b.shop.t1", 800, 3, 0), GroupPositions.of(marks));
    }

    @Test
    void shouldNameNoGroupWithOneAndReportNothingWithoutAPosition() {
        assertEquals(new GroupPositions("mysql-bin.000001:4", "", 7, 1, 0),
                GroupPositions.of(Map.of("a2b", new GroupMark("s", "mysql-bin.000001:4", 7))));
        assertEquals(new GroupPositions("", "", -1, 0, 0), GroupPositions.of(Map.of("a2b", new GroupMark("", "", -1))));
    }

    @Test
    void shouldPreferAReadablePositionToOneItCannotRead() {
        Map<String, GroupMark> marks = new LinkedHashMap<>();
        marks.put("a2b", new GroupMark("s", "not a position", -1));
        marks.put("a2b.shop.t1", new GroupMark("s", "mysql-bin.000003:4", -1));

        assertEquals("mysql-bin.000003:4", GroupPositions.of(marks).lowestPosition());
    }

    @Test
    void shouldDateTheLatencyByTheOldestMeasurementOfAnyGroup() {
        Map<String, GroupMark> marks = new LinkedHashMap<>();
        marks.put("a2b", new GroupMark("s", "mysql-bin.000010:4", 3, 9_000));
        marks.put("a2b.shop.stuck", new GroupMark("s", "mysql-bin.000009:4", 2, 1_000));
        marks.put("a2b.shop.t2", new GroupMark("s", "mysql-bin.000010:2", 800, 9_500));
        marks.put("a2b.shop.never", new GroupMark("s", "mysql-bin.000010:9", -1, 0));

        assertEquals(1_000, GroupPositions.of(marks).measuredAtMillis());
    }
}
