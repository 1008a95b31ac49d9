package dev.duplex.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duplex.core.filter.WhereFilter;
import dev.duplex.core.filter.WhereParseException;
import dev.duplex.core.model.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads one entry of {@code objects[].tables}: a table name, or a mapping with its settings. */
final class TableReader {

    private static final Map<String, String> HINTS = Map.of(
            "table", "did you mean 'name'?",
            "rename", "did you mean 'renameTo'?",
            "filter", "did you mean 'where'?");

    private TableReader() {}

    /** The selection, or null if it has problems. */
    static TableSelection read(JsonNode item, String path, Problems problems) {
        if (item != null && item.isTextual()) {
            String name = item.asText();
            return Names.check(name, path, "table name", problems) ? TableSelection.whole(name) : null;
        }
        int before = problems.size();
        Section s = Section.open(item, path, problems, HINTS,
                "name", "renameTo", "columns", "where", "operations", "conflictPolicy", "useMax", "useMin",
                "lwwColumn", "delta");
        String name = s.requiredString("name", "write the table's name on node a, e.g. name: customers");
        if (name != null) {
            Names.check(name, s.path("name"), "table name", problems);
        }
        String renameTo = s.optionalString("renameTo");
        if (renameTo != null) {
            Names.check(renameTo, s.path("renameTo"), "table name", problems);
        }
        List<String> columns = columns(s);
        WhereFilter where = where(s, columns);
        Set<OpCode> ops = Choices.readSet(s, "operations", OpCode.class);
        ConflictPolicy policy = s.choice("conflictPolicy", ConflictPolicy.class, null);
        String useMax = conflictColumn(s, "useMax", columns);
        String useMin = conflictColumn(s, "useMin", columns);
        if (useMax != null && useMin != null) {
            problems.add(s.path("useMin"), "useMax and useMin are both set; a table is resolved by one of them",
                    "keep either useMax or useMin");
        }
        String lwwColumn = conflictColumn(s, "lwwColumn", columns);
        List<String> delta = delta(s, columns);
        if (problems.size() != before || !s.isValid()) {
            return null;
        }
        Set<Op> operations = ops == null ? null : OpCode.toOps(ops);
        return new TableSelection(name, renameTo, columns, where, operations, policy, useMax, useMin, lwwColumn,
                delta);
    }

    /** Counter columns: each a selected column, named once. */
    private static List<String> delta(Section s, List<String> columns) {
        List<JsonNode> items = s.list("delta");
        if (items == null) {
            return List.of();
        }
        List<String> delta = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.item(s.path("delta"), i);
            JsonNode c = items.get(i);
            if (!c.isTextual()) {
                s.problems().add(path, "a delta column must be a name", "write the counter column's name");
            } else if (Names.check(c.asText(), path, "column name", s.problems())) {
                if (!columns.isEmpty() && !containsIgnoreCase(columns, c.asText())) {
                    s.problems().add(path, "delta column " + c.asText() + " is not among the selected columns",
                            "add " + c.asText() + " to columns");
                } else if (containsIgnoreCase(delta, c.asText())) {
                    s.problems().add(path, "delta column " + c.asText() + " is listed twice", "remove the repeat");
                } else {
                    delta.add(c.asText());
                }
            }
        }
        return delta;
    }

    private static List<String> columns(Section s) {
        List<JsonNode> items = s.list("columns");
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            s.problems().add(s.path("columns"), "columns is empty", "list the columns to copy, or remove columns to copy all");
            return List.of();
        }
        List<String> columns = new ArrayList<>();
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.item(s.path("columns"), i);
            JsonNode c = items.get(i);
            if (!c.isTextual()) {
                s.problems().add(path, "a column must be a name", "write the column's name");
            } else if (Names.check(c.asText(), path, "column name", s.problems())) {
                if (!seen.add(c.asText())) {
                    s.problems().add(path, "column " + c.asText() + " is listed twice", "remove the repeated column");
                }
                columns.add(c.asText());
            }
        }
        return columns;
    }

    private static WhereFilter where(Section s, List<String> columns) {
        String text = s.optionalString("where");
        if (text == null) {
            return WhereFilter.all();
        }
        try {
            WhereFilter where = WhereFilter.parse(text);
            for (String c : where.columns()) {
                if (!columns.isEmpty() && !containsIgnoreCase(columns, c)) {
                    s.problems().add(s.path("where"), "the filter uses column " + c + ", which is not among the"
                            + " selected columns", "add " + c + " to columns or change the filter");
                }
            }
            return where;
        } catch (WhereParseException e) {
            s.problems().add(s.path("where"), "the filter does not parse: " + e.getMessage(),
                    "write a condition such as region = 'EU' AND status IN ('paid', 'sent')");
            return WhereFilter.all();
        }
    }

    private static String conflictColumn(Section s, String key, List<String> columns) {
        String column = s.optionalString(key);
        if (column == null || !Names.check(column, s.path(key), "column name", s.problems())) {
            return null;
        }
        if (!columns.isEmpty() && !containsIgnoreCase(columns, column)) {
            s.problems().add(s.path(key), key + " column " + column + " is not among the selected columns",
                    "add " + column + " to columns");
        }
        return column;
    }

    private static boolean containsIgnoreCase(List<String> names, String name) {
        return names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
    }
}
