package dev.duplex.capture.decode;

import java.util.ArrayList;
import java.util.List;

/** Parses the value list of information_schema's COLUMN_TYPE: {@code enum('a','it''s')}. */
final class EnumLabels {
    private EnumLabels() {}

    static List<String> parse(String columnType) {
        int open = columnType.indexOf('(');
        int close = columnType.lastIndexOf(')');
        List<String> labels = new ArrayList<>();
        if (open < 0 || close < open) {
            return labels;
        }
        String body = columnType.substring(open + 1, close);
        StringBuilder current = null;
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (current == null) {
                if (ch == '\'') {
                    current = new StringBuilder();
                }
            } else if (ch == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                current.append('\'');
                i++;
            } else if (ch == '\'') {
                labels.add(current.toString());
                current = null;
            } else if (ch == '\\' && i + 1 < body.length()) {
                current.append(body.charAt(++i));
            } else {
                current.append(ch);
            }
        }
        return labels;
    }
}
