package dev.duplex.capture.schema;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.core.config.TableSelection;
import dev.duplex.core.config.TaskConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns node a's {@code SHOW CREATE TABLE} into the statement that creates the table on node b:
 * database and table named as on b, column names capitalized as configured, only the selected
 * columns (with the indexes, foreign keys and checks that use dropped columns left out), foreign
 * keys pointing at the parents' names on b (or left out when the parent is not synchronized).
 * Column types, charsets, collations, defaults, AUTO_INCREMENT and table options are kept as they
 * are. Relies on SHOW CREATE TABLE's layout: one definition per line.
 */
final class CreateTableRewriter {
    private static final Pattern FOREIGN_KEY = Pattern.compile(
            "^(\\s*CONSTRAINT\\s+`(?:[^`]|``)+`\\s+)?\\s*FOREIGN KEY\\s*\\(([^)]*)\\)\\s*REFERENCES\\s+"
                    + "(`(?:[^`]|``)+`)(?:\\.(`(?:[^`]|``)+`))?\\s*\\(([^)]*)\\)(.*)$", Pattern.CASE_INSENSITIVE);

    /** @param skippedForeignKeys foreign keys left out, with the reason, for the report */
    record Result(String statement, List<String> droppedColumns, List<String> skippedForeignKeys) {}

    private final TaskConfig config;

    CreateTableRewriter(TaskConfig config) {
        this.config = config;
    }

    /**
     * @param key the table's identifying key: always created, whatever the column selection says
     */
    Result rewrite(String db, String table, String showCreate, List<String> key) {
        String[] lines = showCreate.split("\n");
        int close = closingLine(lines);
        Set<String> columns = new HashSet<>();
        List<String> droppedNames = new ArrayList<>();
        Set<String> dropped = droppedColumns(db, table, lines, close, key, columns, droppedNames);
        List<String> kept = new ArrayList<>();
        List<String> skippedFks = new ArrayList<>();
        for (int i = 1; i < close; i++) {
            String line = stripComma(lines[i]);
            String name = columnName(line);
            if (name != null) {
                if (!dropped.contains(lower(name))) {
                    kept.add(mapColumns(db, table, line, columns));
                }
            } else if (isForeignKey(line)) {
                foreignKey(db, table, line, dropped, columns, skippedFks).ifPresent(kept::add);
            } else if (QuotedNames.in(definitionBody(line)).stream().noneMatch(n -> dropped.contains(lower(n)))) {
                int open = Math.max(0, line.indexOf('('));
                kept.add(line.substring(0, open) + mapColumns(db, table, line.substring(open), columns));
            }
        }
        StringBuilder sb = new StringBuilder("CREATE TABLE ")
                .append(qualified(config.targetDatabaseName(db), config.targetTableName(db, table))).append(" (\n")
                .append(String.join(",\n", kept));
        for (int i = close; i < lines.length; i++) {
            sb.append('\n').append(lines[i]);
        }
        return new Result(sb.toString(), List.copyOf(droppedNames), List.copyOf(skippedFks));
    }

    /**
     * The columns (lower case) left out: not selected and not in the key, or generated from one
     * that is. Fills {@code columns} with every column and {@code names} with the dropped ones as written.
     */
    private Set<String> droppedColumns(String db, String table, String[] lines, int close, List<String> key,
                                       Set<String> columns, List<String> names) {
        TableSelection sel = config.selectionFor(db, table);
        Set<String> dropped = new HashSet<>();
        for (int i = 1; i < close; i++) {
            String name = columnName(lines[i]);
            if (name != null) {
                columns.add(lower(name));
                boolean isKey = key.stream().anyMatch(name::equalsIgnoreCase);
                if (!isKey && sel != null && !sel.selectsColumn(name)) {
                    dropped.add(lower(name));
                    names.add(name);
                }
            }
        }
        dropGeneratedOnDropped(lines, close, dropped, names);
        return dropped;
    }

    private static int closingLine(String[] lines) {
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith(")")) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a SHOW CREATE TABLE result: no closing line");
    }

    /** A generated column computed from a dropped column cannot be created either. */
    private static void dropGeneratedOnDropped(String[] lines, int close, Set<String> dropped, List<String> names) {
        boolean more = !dropped.isEmpty();
        while (more) {
            more = false;
            for (int i = 1; i < close; i++) {
                String name = columnName(lines[i]);
                if (name == null || dropped.contains(lower(name))) {
                    continue;
                }
                List<String> refs = QuotedNames.in(lines[i]);
                if (refs.size() > 1 && refs.subList(1, refs.size()).stream().anyMatch(r -> dropped.contains(lower(r)))) {
                    dropped.add(lower(name));
                    names.add(name);
                    more = true;
                }
            }
        }
    }

    private Optional<String> foreignKey(String db, String table, String line, Set<String> dropped,
                                                  Set<String> columns, List<String> skipped) {
        Matcher m = FOREIGN_KEY.matcher(line);
        if (!m.matches()) {
            skipped.add(table + ": cannot read foreign key '" + line.trim() + "'");
            return Optional.empty();
        }
        List<String> local = QuotedNames.in(m.group(2));
        String refDb = m.group(4) == null ? db : QuotedNames.unquote(strip(m.group(3)));
        String refTable = QuotedNames.unquote(strip(m.group(4) == null ? m.group(3) : m.group(4)));
        List<String> refColumns = QuotedNames.in(m.group(5));
        if (local.stream().anyMatch(c -> dropped.contains(lower(c)))) {
            skipped.add(table + ": foreign key on unselected columns " + local);
            return Optional.empty();
        }
        TableSelection parent = config.selectionFor(refDb, refTable);
        if (parent == null || !refColumns.stream().allMatch(parent::selectsColumn)) {
            skipped.add(table + ": foreign key to " + refDb + "." + refTable + refColumns
                    + ", which is not synchronized");
            return Optional.empty();
        }
        String target = refDb.equals(db) ? quote(config.targetTableName(refDb, refTable))
                : qualified(config.targetDatabaseName(refDb), config.targetTableName(refDb, refTable));
        String head = m.group(1) == null ? "  " : m.group(1);
        return Optional.of(head + "FOREIGN KEY (" + mapColumns(db, table, m.group(2), columns)
                + ") REFERENCES " + target + " (" + QuotedNames.map(m.group(5),
                c -> config.targetColumnName(refDb, refTable, c)) + ")" + m.group(6));
    }

    /** Capitalizes the names of this table's columns; other quoted names (index names) stay. */
    private String mapColumns(String db, String table, String text, Set<String> columns) {
        return QuotedNames.map(text, n -> columns.contains(lower(n)) ? config.targetColumnName(db, table, n) : n);
    }

    /** The name of the column a definition line defines, or null for an index or constraint line. */
    private static String columnName(String line) {
        if (!line.startsWith("  `")) {
            return null;
        }
        Matcher m = QuotedNames.QUOTED.matcher(line);
        return m.find() ? QuotedNames.unquote(m.group(1)) : null;
    }

    /** What an index or constraint line refers to: everything after its own name. */
    private static String definitionBody(String line) {
        int open = line.indexOf('(');
        return open < 0 ? line : line.substring(open);
    }

    private static boolean isForeignKey(String line) {
        return line.toUpperCase(Locale.ROOT).contains("FOREIGN KEY");
    }

    private static String stripComma(String line) {
        return line.endsWith(",") ? line.substring(0, line.length() - 1) : line;
    }

    private static String strip(String quoted) {
        return quoted.substring(1, quoted.length() - 1);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
