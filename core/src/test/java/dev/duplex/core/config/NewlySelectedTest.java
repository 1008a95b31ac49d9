package dev.duplex.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a new version of a task newly selects: a running task gives it no backfill, and put says so. */
class NewlySelectedTest {

    @Test
    void shouldNameWhatANewVersionNewlySelects() {
        TaskConfig stored = ConfigTestSupport.parse(ConfigTestSupport.VALID);
        TaskConfig next = ConfigTestSupport.parse(ConfigTestSupport.valid("""
                      - name: orders
                """, """
                      - name: orders
                      - name: invoices
                  - database: hr
                """).replace("where: \"region = 'EU'\"", "where: \"region IN ('EU', 'UK')\""));
        assertEquals(List.of("table crm.invoices", "a changed where filter of crm.customers", "database hr")
                .stream().sorted().toList(), NewlySelected.of(stored, next).stream().sorted().toList());
        assertEquals(List.of(), NewlySelected.of(stored, stored));
    }

    @Test
    void shouldWarnOnlyWhenSomethingIsNewlySelected() {
        TaskConfig widened = ConfigTestSupport.parse(ConfigTestSupport.valid("- database: shop", "- database: shop\n  - database: hr"));
        Optional<String> w = NewlySelected.warning(ConfigTestSupport.VALID, widened);
        assertTrue(w.isPresent() && w.get().contains("database hr") && w.get().contains("verify --repair"), w.toString());
        assertEquals(Optional.empty(), NewlySelected.warning(ConfigTestSupport.VALID,
                ConfigTestSupport.parse(ConfigTestSupport.VALID)));
        assertEquals(Optional.empty(), NewlySelected.warning("task: [not valid", widened), "nothing to compare with");
    }
}
