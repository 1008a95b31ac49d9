package dev.duplex.apply.sql;

import dev.duplex.apply.sql.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an {@code ALTER TABLE} does to the names of its table's columns: which it drops
 * ({@code DROP [COLUMN] [IF EXISTS] c}), renames ({@code RENAME COLUMN c TO d},
 * {@code CHANGE [COLUMN] [IF EXISTS] c d ...}) and adds ({@code ADD [COLUMN] [IF NOT EXISTS] c ...},
 * {@code ADD [COLUMN] (c ..., d ...)}), in statement order. Other clauses (indexes, keys,
 * constraints, partitions, MODIFY, options) do not change column names and are passed over;
 * any other statement gives nothing.
 *
 * @param database the qualifier of the table name, "" when the statement names none
 * @param table    the table the statement alters
 * @param effects  the column-name effects, in clause order
 */
public record AlterColumns(String database, String table, List<Effect> effects) {

    /** One clause's effect on a column name. */
    public sealed interface Effect {}

    public record Dropped(String column) implements Effect {}

    public record Renamed(String column, String to) implements Effect {}

    public record Added(String column) implements Effect {}

    /** Words that, right after DROP or ADD, name something other than a column. */
    private static final Set<String> NOT_COLUMN = Set.of("INDEX", "KEY", "PRIMARY", "FOREIGN", "CHECK", "CONSTRAINT",
            "PARTITION", "UNIQUE", "FULLTEXT", "SPATIAL");
    private static final Set<String> ALTER_OPTIONS = Set.of("ONLINE", "OFFLINE", "IGNORE");

    /** The statement's column-name effects; empty when it is not an ALTER TABLE that can be read. */
    public static Optional<AlterColumns> parse(String statement) {
        List<Token> t = SqlTokens.of(statement);
        int i = 0;
        if (t.isEmpty() || !t.get(i++).is("ALTER")) {
            return Optional.empty();
        }
        while (i < t.size() && t.get(i).kind() == SqlTokens.Kind.WORD && ALTER_OPTIONS.contains(t.get(i).upper())) {
            i++;
        }
        if (i >= t.size() || !t.get(i++).is("TABLE")) {
            return Optional.empty();
        }
        i = skipIf(t, i, "IF", "EXISTS");
        if (i >= t.size() || !t.get(i).isName()) {
            return Optional.empty();
        }
        String database = "";
        String table = t.get(i++).text();
        if (i + 1 < t.size() && t.get(i).isSymbol('.') && t.get(i + 1).isName()) {
            database = table;
            table = t.get(i + 1).text();
            i += 2;
        }
        List<Effect> effects = new ArrayList<>();
        for (List<Token> clause : clauses(t, i)) {
            read(clause, effects);
        }
        return Optional.of(new AlterColumns(database, table, List.copyOf(effects)));
    }

    /** The clauses after the table name, split at commas outside parentheses; WAIT n / NOWAIT dropped. */
    private static List<List<Token>> clauses(List<Token> t, int from) {
        int i = from;
        if (i < t.size() && t.get(i).is("WAIT")) {
            i += 2;
        } else if (i < t.size() && t.get(i).is("NOWAIT")) {
            i++;
        }
        List<List<Token>> out = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (; i < t.size() && !(depth == 0 && t.get(i).isSymbol(';')); i++) {
            Token tok = t.get(i);
            if (depth == 0 && tok.isSymbol(',')) {
                out.add(current);
                current = new ArrayList<>();
                continue;
            }
            depth += tok.isSymbol('(') ? 1 : tok.isSymbol(')') ? -1 : 0;
            current.add(tok);
        }
        out.add(current);
        return out;
    }

    private static void read(List<Token> c, List<Effect> effects) {
        if (c.isEmpty()) {
            return;
        }
        Token verb = c.get(0);
        if (verb.is("DROP")) {
            drop(c, effects);
        } else if (verb.is("RENAME") && c.size() > 1 && c.get(1).is("COLUMN")) {
            int i = skipIf(c, 2, "IF", "EXISTS");
            if (i + 2 < c.size() && c.get(i).isName() && c.get(i + 1).is("TO") && c.get(i + 2).isName()) {
                effects.add(new Renamed(c.get(i).text(), c.get(i + 2).text()));
            }
        } else if (verb.is("CHANGE")) {
            int i = skipIf(c, skipWord(c, 1, "COLUMN"), "IF", "EXISTS");
            if (i + 1 < c.size() && c.get(i).isName() && c.get(i + 1).isName()
                    && !c.get(i).text().equalsIgnoreCase(c.get(i + 1).text())) {
                effects.add(new Renamed(c.get(i).text(), c.get(i + 1).text()));
            }
        } else if (verb.is("ADD")) {
            add(c, effects);
        }
    }

    private static void drop(List<Token> c, List<Effect> effects) {
        if (c.size() < 2 || notColumn(c, 1)) {
            return;
        }
        int i = skipIf(c, skipWord(c, 1, "COLUMN"), "IF", "EXISTS");
        if (i < c.size() && c.get(i).isName()) {
            effects.add(new Dropped(c.get(i).text()));
        }
    }

    private static void add(List<Token> c, List<Effect> effects) {
        if (c.size() < 2 || notColumn(c, 1)) {
            return;
        }
        int i = skipIf(c, skipWord(c, 1, "COLUMN"), "IF", "NOT", "EXISTS");
        if (i < c.size() && c.get(i).isSymbol('(')) {
            // ADD (a INT, b INT): the first name after the parenthesis and after each comma at depth 1
            boolean expectName = true;
            int depth = 0;
            for (int j = i; j < c.size(); j++) {
                Token tok = c.get(j);
                if (tok.isSymbol('(') || tok.isSymbol(')')) {
                    depth += tok.isSymbol('(') ? 1 : -1;
                } else if (depth == 1 && tok.isSymbol(',')) {
                    expectName = true;
                } else if (depth == 1 && expectName && tok.isName()) {
                    effects.add(new Added(tok.text()));
                    expectName = false;
                } else {
                    expectName = false;
                }
            }
        } else if (i < c.size() && c.get(i).isName()) {
            effects.add(new Added(c.get(i).text()));
        }
    }

    /** DROP/ADD followed by an index, key, constraint, partition, period or versioning: not a column. */
    private static boolean notColumn(List<Token> c, int at) {
        Token next = c.get(at);
        if (next.kind() != SqlTokens.Kind.WORD) {
            return false;
        }
        String word = next.upper();
        boolean followedBy = at + 1 < c.size();
        return NOT_COLUMN.contains(word)
                || (word.equals("SYSTEM") && followedBy && c.get(at + 1).is("VERSIONING"))
                || (word.equals("PERIOD") && followedBy && c.get(at + 1).is("FOR"));
    }

    private static int skipWord(List<Token> t, int at, String word) {
        return at < t.size() && t.get(at).is(word) ? at + 1 : at;
    }

    /** Skips the keyword sequence {@code words} if it is there. */
    private static int skipIf(List<Token> t, int at, String... words) {
        for (int k = 0; k < words.length; k++) {
            if (at + k >= t.size() || !t.get(at + k).is(words[k])) {
                return at;
            }
        }
        return at + words.length;
    }
}
