package dev.duplex.architecture;

/** Java source with its strings, character literals and comments blanked, lines and offsets kept. */
final class CodeMask {
    private CodeMask() {}

    static String of(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            int end = skipped(text, i);
            if (end == i) {
                out.append(text.charAt(i++));
            } else {
                for (int k = i; k < end; k++) {
                    out.append(text.charAt(k) == '\n' ? '\n' : ' ');
                }
                i = end;
            }
        }
        return out.toString();
    }

    /** The end of a comment or literal starting at {@code i}, or {@code i} when none starts there. */
    private static int skipped(String text, int i) {
        if (text.startsWith("//", i)) {
            int j = text.indexOf('\n', i);
            return j < 0 ? text.length() : j;
        }
        if (text.startsWith("/*", i)) {
            int j = text.indexOf("*/", i + 2);
            return j < 0 ? text.length() : j + 2;
        }
        if (text.startsWith("\"\"\"", i)) {
            int j = text.indexOf("\"\"\"", i + 3);
            return j < 0 ? text.length() : j + 3;
        }
        char c = text.charAt(i);
        if (c == '"' || c == '\'') {
            int j = i + 1;
            while (j < text.length() && text.charAt(j) != c) {
                j += text.charAt(j) == '\\' ? 2 : 1;
            }
            return Math.min(text.length(), j + 1);
        }
        return i;
    }
}
