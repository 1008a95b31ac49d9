package dev.duplex.core.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.duplex.core.error.DecodeException;
import dev.duplex.core.model.Value;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row image as one JSON object, column name to value in the wire value encoding
 * (docs/wire-format.md), for records people read later: the conflict log stores the before,
 * after and target images this way, so a DECIMAL 1.50 or an unsigned 2^64-1 shows exactly.
 */
public final class ImageJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ImageJson() {}

    /** {@code {"id":1,"total":{"dec":"9.50"}}}; "" for an absent image. */
    public static String encode(List<String> columns, List<Value> image) {
        if (image == null) {
            return "";
        }
        if (columns.size() != image.size()) {
            throw new IllegalArgumentException("image has " + image.size() + " values for " + columns.size() + " columns");
        }
        StringWriter out = new StringWriter(64 + 16 * image.size());
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                gen.writeFieldName(columns.get(i));
                ValueCodec.write(gen, image.get(i));
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write row image as JSON", e);
        }
        return out.toString();
    }

    /**
     * The image {@link #encode} wrote, column name to value in the written order; empty for "".
     *
     * @throws DecodeException when {@code json} is not such an image
     */
    public static Map<String, Value> decode(String json) {
        Map<String, Value> out = new LinkedHashMap<>();
        if (json == null || json.isEmpty()) {
            return out;
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonCursor in = new JsonCursor(parser);
            in.startObject();
            in.readFields(name -> {
                in.next();
                out.put(name, ValueCodec.read(in));
                return true;
            });
            in.expectEnd();
            return out;
        } catch (IOException e) {
            throw new DecodeException("row image is not valid JSON: " + e.getMessage(), e);
        }
    }
}
