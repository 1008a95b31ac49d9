package dev.duplex.core.error;

import java.util.function.Predicate;

/**
 * The one sanitizer of quoted text in a message that may be shown: the content of every '…' and
 * "…" quote (and so of X'…', N'…', _charset'…') becomes {@link ErrorText#HIDDEN}; `quoted` names
 * stay. Used for SQL a target refused, the parser messages of a task document or request body,
 * and a server's warnings. Backslash escapes and doubled quotes stay inside their quote. "…" is
 * an identifier under ANSI_QUOTES and is hidden all the same: hiding a name is a lesser harm than
 * showing a value. A quote cut off by the end of the text (an excerpt) is hidden to the end.
 * {@link ErrorText} keeps the names a server error's known shapes quote; this hides every quote.
 */
public final class QuotedText {
    private QuotedText() {}

    /** {@code text} with every quoted part hidden. */
    public static String hide(String text) {
        return hide(text, content -> false);
    }

    /** {@code text} with every quoted part hidden but those whose content {@code keep} accepts (e.g. column names). */
    public static String hide(String text, Predicate<String> keep) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '`' && c != '\'' && c != '"') {
                out.append(c);
                i++;
                continue;
            }
            int close = closing(text, i, c, c != '`');
            if (c == '`') {
                int end = close < 0 ? text.length() : close + 1;
                out.append(text, i, end);
                i = end;
            } else if (close < 0) {
                return out.append(c).append(ErrorText.HIDDEN).toString();
            } else {
                String content = text.substring(i + 1, close);
                out.append(c).append(content.isEmpty() || keep.test(content) ? content : ErrorText.HIDDEN).append(c);
                i = close + 1;
            }
        }
        return out.toString();
    }

    /** Index of the quote that closes the one at {@code start}, -1 if none does. */
    private static int closing(String s, int start, char quote, boolean backslash) {
        int j = start + 1;
        while (j < s.length()) {
            char ch = s.charAt(j);
            if (backslash && ch == '\\') {
                j += 2;
            } else if (ch == quote && j + 1 < s.length() && s.charAt(j + 1) == quote) {
                j += 2;
            } else if (ch == quote) {
                return j;
            } else {
                j++;
            }
        }
        return -1;
    }
}
