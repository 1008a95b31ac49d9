package dev.duplex.core.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Handling of online schema change tools on node a. With gh-ost, the tool's shadow and
 * changelog tables are not synchronized; only the resulting DDL (the table swap) is.
 *
 * <p>Patterns use {@code %} for "one or more characters"; every other character, {@code _}
 * included, is literal, because {@code _} is part of gh-ost's names rather than a wildcard.
 * Matching ignores case.
 */
public record OnlineDdl(OnlineDdlTool tool, List<String> shadowTablePatterns) {

    public static final List<String> GH_OST_PATTERNS = List.of("_%_gho", "_%_ghc", "_%_del");

    /** Compiled patterns, shared because this is asked for every captured row. */
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    public OnlineDdl {
        tool = tool == null ? OnlineDdlTool.NONE : tool;
        shadowTablePatterns = shadowTablePatterns == null
                ? (tool == OnlineDdlTool.GH_OST ? GH_OST_PATTERNS : List.of())
                : List.copyOf(shadowTablePatterns);
        shadowTablePatterns.forEach(p -> Objects.requireNonNull(p, "pattern"));
    }

    public static OnlineDdl none() {
        return new OnlineDdl(OnlineDdlTool.NONE, List.of());
    }

    /** Whether {@code table} is a shadow table of the tool and so must not be synchronized. */
    public boolean isShadowTable(String table) {
        if (tool == OnlineDdlTool.NONE) {
            return false;
        }
        return shadowTablePatterns.stream().anyMatch(p -> COMPILED.computeIfAbsent(p, OnlineDdl::compile).matcher(table).matches());
    }

    static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("%", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".+");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }
}
