package dev.duplex.capture.schema;

import dev.duplex.core.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The backquoted names of a line of SHOW CREATE output: found, and replaced one by one. */
final class QuotedNames {
    static final Pattern QUOTED = Pattern.compile("`((?:[^`]|``)+)`");
    private static final Pattern DEFINER = Pattern.compile("DEFINER\\s*=\\s*(`(?:[^`]|``)*`|'[^']*'|\\S+?)@"
            + "(`(?:[^`]|``)*`|'[^']*'|\\S+)\\s+", Pattern.CASE_INSENSITIVE);

    private QuotedNames() {}

    /** The names quoted in {@code text}, unescaped, in order. */
    static List<String> in(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED.matcher(text);
        while (m.find()) {
            out.add(unquote(m.group(1)));
        }
        return out;
    }

    /** {@code text} with every quoted name replaced by {@code map} of it (quoted again). */
    static String map(String text, UnaryOperator<String> map) {
        Matcher m = QUOTED.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(Identifiers.quote(map.apply(unquote(m.group(1))))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Without its DEFINER clause: the definer may not exist on node b, and naming another user
     * needs privileges Duplex does not ask for; the object is defined by Duplex's user instead.
     */
    static String withoutDefiner(String ddl) {
        return DEFINER.matcher(ddl).replaceFirst("");
    }

    static String unquote(String inner) {
        return inner.replace("``", "`");
    }
}
