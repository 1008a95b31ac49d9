package dev.duplex.precheck.http;

import java.util.Locale;

/**
 * Precheck requests must say {@code Content-Type: application/json}. A web page can make a
 * browser post text/plain, a form or multipart to any address without asking the server first
 * (no CORS preflight), but not application/json; refusing everything else keeps such pages from
 * reaching an endpoint on the developer's machine.
 */
public final class JsonContent {

    public static final String REFUSED = "Content-Type must be application/json";

    private JsonContent() {}

    /** Whether a Content-Type header value is application/json, with or without parameters (charset). */
    public static boolean accepts(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.toLowerCase(Locale.ROOT).equals("application/json");
    }

    /** The refusal of any other content type: 415. */
    public static RefusedRequestException refusal(String contentType) {
        String sent = contentType == null ? " (none was sent)" : ", not " + contentType.strip();
        return RefusedRequestException.of(415, "", REFUSED + (sent.length() > 80 ? sent.substring(0, 80) + "…" : sent),
                "send the body as JSON with the header Content-Type: application/json");
    }
}
