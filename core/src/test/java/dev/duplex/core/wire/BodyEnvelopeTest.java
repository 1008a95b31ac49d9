package dev.duplex.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.DecodeException;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Large bodies travel compressed and come back as the same batch; a damaged one is refused, never guessed at. */
class BodyEnvelopeTest {
    private static final BatchCodec CODEC = new BatchCodec();

    /** sysbench-like rows: an id, a k, 120 and 60 characters of digit groups. */
    private static Batch rows(int n, Random random) {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Seq seq = Seq.ofTransaction(WireSamples.START, i);
            RowChange row = RowChange.insert("sbtest", "sbtest1", List.of("id", "k", "c", "pad"), List.of("id"),
                    List.of(new Value.Int(i), new Value.Int(random.nextInt(100_000)), new Value.Text(digits(random, 11)),
                            new Value.Text(digits(random, 5))));
            txs.add(new Transaction(seq, "0-1-" + i, 1_732_000_000_000_000L + i, List.of(row)));
        }
        return new Batch(Batch.FORMAT_VERSION, "task", Direction.A2B, "a", "a2b", txs.get(n - 1).seq(),
                new BinlogRange(WireSamples.START, WireSamples.END), BatchKind.DML, false, Batch.Fragment.WHOLE, txs,
                new Batch.Chain("c", "s", Seq.ZERO));
    }

    private static String digits(Random random, int groups) {
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < groups; g++) {
            sb.append(g == 0 ? "" : "-").append(String.format("%011d", random.nextLong(100_000_000_000L)));
        }
        return sb.toString();
    }

    @Test
    void aSmallBodyTravelsAsItsJson() {
        Batch batch = rows(10, new Random(1));
        byte[] json = CODEC.encode(batch);
        assertTrue(json.length < BodyEnvelope.COMPRESS_FROM);
        assertEquals(new String(json, StandardCharsets.UTF_8), CODEC.encodeBody(batch));
    }

    @Test
    void aLargeBodyTravelsCompressedAndDecodesToTheSameBatch() {
        Batch batch = rows(1000, new Random(2));
        int jsonBytes = CODEC.encode(batch).length;
        String body = CODEC.encodeBody(batch);
        assertTrue(body.startsWith("z1:"), body.substring(0, 20));
        assertTrue(body.length() < jsonBytes / 2, body.length() + " characters for " + jsonBytes + " bytes of JSON");
        assertEquals(batch, CODEC.decode(body));
    }

    @Test
    void aBodyThatWouldNotShrinkTravelsAsItsJson() {
        Random random = new Random(3);
        byte[] noise = new byte[100_000];
        random.nextBytes(noise);
        Batch batch = WireSamples.insertOf(new Value.Bytes(noise)); // base64 in the JSON: deflate saves little
        byte[] json = CODEC.encode(batch);
        String body = CODEC.encodeBody(batch);
        assertFalse(body.startsWith("z1:"), "compressed it would be longer");
        assertEquals(new String(json, StandardCharsets.UTF_8), body);
        assertEquals(batch, CODEC.decode(body));
    }

    @Test
    void aTruncatedCompressedBodyIsRefused() {
        String body = CODEC.encodeBody(rows(1000, new Random(4)));
        String cut = body.substring(0, body.length() / 2 / 4 * 4);
        DecodeException e = assertThrows(DecodeException.class, () -> CODEC.decode(cut));
        assertTrue(e.getMessage().contains("compressed body"), e.getMessage());
    }

    @Test
    void aCompressedBodyWithAChangedByteFailsItsCheck() {
        String body = CODEC.encodeBody(rows(1000, new Random(5)));
        byte[] packed = Base64.getDecoder().decode(body.substring(3));
        packed[packed.length / 2] ^= 0x10;
        String damaged = "z1:" + Base64.getEncoder().encodeToString(packed);
        assertThrows(DecodeException.class, () -> CODEC.decode(damaged),
                "DEFLATE's own structure or zlib's Adler-32 catches it; a guess could apply wrong data");
    }

    @Test
    void badBase64AfterTheMarkIsRefused() {
        DecodeException e = assertThrows(DecodeException.class, () -> CODEC.decode("z1:not base64!"));
        assertTrue(e.getMessage().contains("base64"), e.getMessage());
    }

    @Test
    void bytesAfterTheZlibStreamAreRefused() {
        String body = CODEC.encodeBody(rows(1000, new Random(6)));
        byte[] packed = Base64.getDecoder().decode(body.substring(3));
        byte[] longer = Arrays.copyOf(packed, packed.length + 3);
        DecodeException e = assertThrows(DecodeException.class,
                () -> CODEC.decode("z1:" + Base64.getEncoder().encodeToString(longer)));
        assertTrue(e.getMessage().contains("after the zlib stream"), e.getMessage());
    }

    @Test
    void aBodyThatInflatesFarPastABatchIsRefused() {
        byte[] zeros = new byte[BodyEnvelope.MAX_JSON_BYTES + 1024];
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        d.setInput(zeros);
        d.finish();
        byte[] out = new byte[zeros.length];
        int n = d.deflate(out);
        d.end();
        String bomb = "z1:" + Base64.getEncoder().encodeToString(Arrays.copyOf(out, n));
        DecodeException e = assertThrows(DecodeException.class, () -> CODEC.decode(bomb));
        assertTrue(e.getMessage().contains("inflates past"), e.getMessage());
    }
}
