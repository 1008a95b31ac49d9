package dev.duplex.core.wire;

import dev.duplex.core.error.DecodeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How a batch's JSON travels in a queue message body. A body of {@value #COMPRESS_FROM} bytes or
 * more goes compressed, {@code z1:} then the base64 of its zlib stream (RFC 1950: DEFLATE with an
 * Adler-32 check), when that is shorter; anything else goes as the JSON itself. SQS bills each 64
 * KiB of a body as one request, and the apply's receive time grows with the bytes (the body is a
 * JSON string inside the receive's JSON response); sysbench rows compress to about 0.42 of their
 * JSON, base64 included.
 */
public final class BodyEnvelope {
    /** SQS's billing unit: a smaller body costs one request either way. */
    public static final int COMPRESS_FROM = 64 * 1024;
    static final String COMPRESSED = "z1:";
    /** Far above the 1 MiB a body's JSON may have: anything larger is not a batch of ours. */
    static final int MAX_JSON_BYTES = 16 * 1024 * 1024;

    private BodyEnvelope() {}

    /** The body for a batch's JSON. */
    public static String wrap(byte[] json) {
        if (json.length >= COMPRESS_FROM) {
            byte[] packed = deflate(json);
            int base64Length = (packed.length + 2) / 3 * 4;
            if (COMPRESSED.length() + base64Length < json.length) {
                return COMPRESSED + Base64.getEncoder().encodeToString(packed);
            }
        }
        return new String(json, StandardCharsets.UTF_8);
    }

    /** Whether {@code body} is compressed; JSON starts with '{' or whitespace, never with the mark. */
    static boolean compressed(String body) {
        return body.startsWith(COMPRESSED);
    }

    /** The JSON of a compressed body. */
    static byte[] unwrap(String body) {
        byte[] packed;
        try {
            packed = Base64.getDecoder().decode(body.substring(COMPRESSED.length()));
        } catch (IllegalArgumentException e) {
            throw new DecodeException("compressed body: bad base64: " + e.getMessage(), e);
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(packed);
            ByteArrayOutputStream json = new ByteArrayOutputStream(packed.length * 3);
            byte[] chunk = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DecodeException("compressed body: the zlib stream is truncated");
                }
                json.write(chunk, 0, n);
                if (json.size() > MAX_JSON_BYTES) {
                    throw new DecodeException("compressed body: inflates past " + MAX_JSON_BYTES + " bytes, far more "
                            + "than a batch may have");
                }
            }
            if (inflater.getRemaining() > 0) {
                throw new DecodeException("compressed body: " + inflater.getRemaining() + " bytes after the zlib stream");
            }
            return json.toByteArray();
        } catch (DataFormatException e) {
            throw new DecodeException("compressed body: not a valid zlib stream (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
    }

    /** Level 1: the text compresses nearly as well as at the default level, at 3-4 times the speed. */
    private static byte[] deflate(byte[] json) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(json);
            deflater.finish();
            byte[] out = new byte[json.length / 2 + 64];
            int length = 0;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - length);
            }
            return Arrays.copyOf(out, length);
        } finally {
            deflater.end();
        }
    }
}
