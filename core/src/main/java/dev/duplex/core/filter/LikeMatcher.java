package dev.duplex.core.filter;

import java.util.Arrays;

/**
 * SQL LIKE: {@code %} matches any run of characters, {@code _} exactly one, the escape
 * character makes the next character literal. Works on code points so that {@code _} matches
 * one character even outside the BMP.
 */
final class LikeMatcher {

    private static final int ANY_ONE = -1;
    private static final int ANY_RUN = -2;

    private LikeMatcher() {}

    static boolean matches(String text, String pattern, char escape, boolean caseSensitive) {
        int[] p = compile(pattern, escape);
        int[] s = text.codePoints().toArray();
        int si = 0;
        int pi = 0;
        int starP = -1;
        int starS = 0;
        while (si < s.length) {
            if (pi < p.length && p[pi] != ANY_RUN && (p[pi] == ANY_ONE || same(p[pi], s[si], caseSensitive))) {
                si++;
                pi++;
            } else if (pi < p.length && p[pi] == ANY_RUN) {
                starP = pi++;
                starS = si;
            } else if (starP >= 0) {
                // Let the last % swallow one more character and retry from there.
                pi = starP + 1;
                si = ++starS;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == ANY_RUN) {
            pi++;
        }
        return pi == p.length;
    }

    private static int[] compile(String pattern, char escape) {
        int[] cps = pattern.codePoints().toArray();
        int[] out = new int[cps.length];
        int n = 0;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == escape && i + 1 < cps.length) {
                out[n++] = cps[++i];
            } else if (c == '%') {
                out[n++] = ANY_RUN;
            } else if (c == '_') {
                out[n++] = ANY_ONE;
            } else {
                out[n++] = c;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean same(int a, int b, boolean caseSensitive) {
        if (a == b) {
            return true;
        }
        return !caseSensitive && (Character.toUpperCase(a) == Character.toUpperCase(b)
                || Character.toLowerCase(a) == Character.toLowerCase(b));
    }
}
