package dev.duplex.precheck.checks;

import dev.duplex.core.config.SyncType;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.SelectedTable;
import dev.duplex.precheck.facts.TableFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * 4-byte characters (emoji, rare CJK) need utf8mb4 on the destination (reference): a text
 * column that holds them on one node must not be utf8mb3 (or latin1...) on the other, where
 * those rows fail to apply. Each node is checked as the destination of the other. With schema
 * synchronization, node b's character_set_server should be utf8mb4 too.
 */
final class CharsetCheck extends TableCheck {

    private static final Set<String> FOUR_BYTE = Set.of("utf8mb4", "utf16", "utf16le", "utf32");

    @Override
    public String id() {
        return "charset";
    }

    @Override
    String expected() {
        return "utf8mb4 on the destination wherever the source column can hold 4-byte characters";
    }

    @Override
    String passed(int tables) {
        return "text columns of " + count(tables) + " can hold what the other node sends";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        NodeProbe source = context.other(node);
        if (!source.reachable()) {
            return List.of(notChecked(id() + "." + node.id(), source));
        }
        List<CheckItem> out = new ArrayList<>(super.check(context, node));
        if ("b".equals(node.id()) && context.syncs(SyncType.SCHEMA)) {
            out.add(server(node));
        }
        return out;
    }

    private CheckItem server(NodeProbe b) {
        String itemId = id() + ".b.server";
        String value = b.facts().variable("character_set_server").orElse("(absent)");
        String found = "character_set_server=" + value;
        if (value.toLowerCase(Locale.ROOT).equals("utf8mb4")) {
            return CheckItem.pass(itemId, "b", found, "character_set_server=utf8mb4");
        }
        return CheckItem.warn(itemId, "b", found + ": databases created by schema synchronization get this default",
                "character_set_server=utf8mb4", Fixes.setGlobal("character_set_server", "utf8mb4"));
    }

    @Override
    Optional<CheckItem> inspect(PrecheckContext context, NodeProbe node, SelectedTable table, TableFacts facts) {
        NodeProbe source = context.other(node);
        Optional<TableFacts> src = context.schema(source.id()).table(table.db(source.id()), table.table(source.id()));
        if (src.isEmpty()) {
            return Optional.empty();
        }
        List<String> narrow = new ArrayList<>();
        for (TableFacts.Column c : facts.columns()) {
            Optional<TableFacts.Column> s = src.get().column(c.name());
            if (c.charset() != null && s.isPresent() && s.get().charset() != null
                    && fourByte(s.get().charset()) && !fourByte(c.charset())) {
                narrow.add(c.name() + " (" + c.charset() + " here, " + s.get().charset() + " on node " + source.id() + ")");
            }
        }
        if (narrow.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CheckItem.warn(itemId(node, table), node.id(), String.join(", ", narrow)
                + ": rows with 4-byte characters from node " + source.id() + " fail to apply", expected(),
                "ALTER TABLE " + Fixes.table(facts.database(), facts.name()) + " CONVERT TO CHARACTER SET utf8mb4;"));
    }

    private static boolean fourByte(String charset) {
        return FOUR_BYTE.contains(charset.toLowerCase(Locale.ROOT));
    }
}
