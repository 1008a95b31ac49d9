package dev.duplex.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.capture.decode.TextCharset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkWriteTest {
    private static final SnapshotTable T = new SnapshotTable("db", "t", List.of(
            new SourceColumn("id", ReadKind.SIGNED, TextCharset.BINARY, 0, false),
            new SourceColumn("gen", ReadKind.SIGNED, TextCharset.BINARY, 0, true)), List.of("id"), 0);

    @Test
    void shouldMaskQuotedValuesButKeepColumnNamesInTheServersWarnings() {
        assertEquals("Incorrect integer value: '<redacted>' for column 'gen' at row 3",
                ChunkWrite.masked(T, "Incorrect integer value: 'secret 42' for column 'gen' at row 3"));
        assertEquals("Duplicate entry '<redacted>' for key '<redacted>'", ChunkWrite.masked(T, "Duplicate entry '7' for key 'PRIMARY'"));
    }
}
