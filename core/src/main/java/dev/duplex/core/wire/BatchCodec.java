package dev.duplex.core.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.duplex.core.error.DecodeException;
import dev.duplex.core.model.Batch;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The JSON wire codec, format version 2, reading version 1 too (see docs/wire-format.md). Thread-safe and meant to be
 * shared: it holds only a Jackson factory and streams, so no object tree is built either way.
 *
 * <p>Decoding is strict: anything the format does not define is a {@link DecodeException}
 * naming the place, for example {@code txs[0].changes[2].after[3]: unknown value tag 'xx'},
 * because a message that is guessed at could silently apply the wrong data.
 */
public final class BatchCodec {

    private final JsonFactory factory = new JsonFactoryBuilder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .characterEscapes(new SqsSafeEscapes())
            // Jackson 2.18 writes characters beyond the BMP as escaped surrogate pairs by default:
            // 12 bytes instead of 4 per emoji, against a 1 MiB message limit.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    public byte[] encode(Batch batch) {
        BodyBuffer out = new BodyBuffer();
        try (JsonGenerator gen = factory.createGenerator(out, JsonEncoding.UTF8)) {
            BatchEncoder.write(gen, batch);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode batch " + batch.seq() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    public String encodeToString(Batch batch) {
        StringWriter out = new StringWriter(8192);
        try (JsonGenerator gen = factory.createGenerator(out)) {
            BatchEncoder.write(gen, batch);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode batch " + batch.seq() + ": " + e.getMessage(), e);
        }
        return out.toString();
    }

    public Batch decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new DecodeException("empty body: expected a wire format batch");
        }
        try (JsonParser parser = factory.createParser(body)) {
            return read(parser);
        } catch (IOException e) {
            throw new DecodeException("cannot read body: " + e.getMessage(), e);
        }
    }

    public Batch decode(String body) {
        if (body == null || body.isEmpty()) {
            throw new DecodeException("empty body: expected a wire format batch");
        }
        try (JsonParser parser = factory.createParser(body)) {
            return read(parser);
        } catch (IOException e) {
            throw new DecodeException("cannot read body: " + e.getMessage(), e);
        }
    }

    private static Batch read(JsonParser parser) {
        JsonCursor in = new JsonCursor(parser);
        try {
            return BatchDecoder.read(in);
        } catch (JsonEOFException e) {
            throw in.fail("body is truncated: unexpected end of input" + where(e.getLocation()), e);
        } catch (JsonProcessingException e) {
            throw in.fail("body is not valid JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw in.fail("cannot read body: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // The model's own checks (seq order, temporal shape, ...) speak for the data.
            throw in.fail(e.getMessage(), e);
        }
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
