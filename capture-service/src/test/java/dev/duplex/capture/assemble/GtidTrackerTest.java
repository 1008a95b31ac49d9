package dev.duplex.capture.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.shyiko.mysql.binlog.MariadbGtidSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class GtidTrackerTest {

    /** The library's text of the same set after the same GTIDs: what the tracker printed before it kept its own. */
    private static String library(String initial, List<String> added) {
        MariadbGtidSet set = new MariadbGtidSet(initial);
        added.forEach(set::add);
        return set.toString();
    }

    private static void assertSameTextAsTheLibrary(String initial, List<String> added) {
        GtidTracker tracker = new GtidTracker(true, initial);
        for (int i = 0; i < added.size(); i++) {
            tracker.add(added.get(i));
            assertEquals(library(initial, added.subList(0, i + 1)), tracker.text(), "after " + added.subList(0, i + 1));
        }
    }

    @Test
    void oneDomainIsItsLastGtid() {
        assertSameTextAsTheLibrary("", List.of("1-1-5", "1-1-6", "1-2-7"));
        assertSameTextAsTheLibrary("1-1-4", List.of("1-1-5", "1-3-6"));
    }

    @Test
    void aSecondDomainIsPrintedByTheLibrary() {
        assertSameTextAsTheLibrary("1-1-4", List.of("2-1-1", "1-1-5", "2-1-2"));
        assertSameTextAsTheLibrary("0-1-10,16-2-3", List.of("0-1-11", "16-2-4", "32-1-1"));
    }

    @Test
    void startsFromTheCheckpointsSet() {
        assertEquals("1-1-4", new GtidTracker(true, " 1-1-4 ").text());
        assertEquals("", new GtidTracker(true, "").text());
        assertEquals(new MariadbGtidSet("0-1-10,16-2-3").toString(), new GtidTracker(true, "0-1-10,16-2-3").text());
    }
}
