package dev.duplex.capture.ddl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Changes to a statement's text: replaced names and left-out pieces. Everything between them is
 * copied as written, comments and spacing included. A replacement inside a left-out piece is dropped.
 */
final class Edits {
    private record Edit(int start, int end, String text) {}

    private final String sql;
    private final List<Edit> replacements = new ArrayList<>();
    private final List<Edit> removals = new ArrayList<>();

    Edits(String sql) {
        this.sql = sql;
    }

    void replace(Token token, String text) {
        if (!text.equals(token.text())) {
            replacements.add(new Edit(token.start(), token.end(), text));
        }
    }

    void remove(int start, int end) {
        if (end > start) {
            removals.add(new Edit(start, end, ""));
        }
    }

    /** Removes tokens [from, to) of {@code tokens}: from the first one's start to the last one's end. */
    void removeTokens(List<Token> tokens, int from, int to) {
        if (to > from) {
            remove(tokens.get(from).start(), tokens.get(to - 1).end());
        }
    }

    String apply() {
        List<Edit> all = new ArrayList<>(mergedRemovals());
        for (Edit r : replacements) {
            if (all.stream().noneMatch(x -> x.text.isEmpty() && r.start >= x.start && r.end <= x.end)) {
                all.add(r);
            }
        }
        all.sort(Comparator.comparingInt(Edit::start));
        StringBuilder sb = new StringBuilder(sql.length() + 32);
        int at = 0;
        for (Edit e : all) {
            if (e.start < at) {
                throw new IllegalStateException("overlapping edits at " + e.start + " of a DDL statement");
            }
            sb.append(sql, at, e.start).append(e.text);
            at = e.end;
        }
        return sb.append(sql, at, sql.length()).toString();
    }

    private List<Edit> mergedRemovals() {
        List<Edit> sorted = new ArrayList<>(removals);
        sorted.sort(Comparator.comparingInt(Edit::start));
        List<Edit> merged = new ArrayList<>();
        for (Edit e : sorted) {
            Edit last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && e.start <= last.end) {
                merged.set(merged.size() - 1, new Edit(last.start, Math.max(last.end, e.end), ""));
            } else {
                merged.add(e);
            }
        }
        return merged;
    }
}
