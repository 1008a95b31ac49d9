package dev.duplex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.event.Event;
import dev.duplex.capture.assemble.CapturedTransaction;
import dev.duplex.capture.batch.BatchSettings;
import dev.duplex.capture.filter.SelectedTransaction;
import dev.duplex.core.model.Batch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The capture micro-benchmark's input is also a check of capture's output: the recorded binlogs
 * replayed through capture's stages must give exactly the message bodies they gave when the
 * recording was made (SHA-256 of every body in order, in capture-replay.golden), and each body
 * must decode back to the batch it was encoded from. A change to decoding, selecting, batching
 * or encoding that changes one byte of what reaches the queue fails here; a deliberate one
 * rewrites the golden line (the failure prints it, and writes the bodies to target/ to compare).
 */
class CaptureReplayTest {

    static List<CaptureRecording> recordings() {
        return CaptureRecording.ALL;
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void replayedRecordingEncodesToTheGoldenMessages(CaptureRecording recording) throws Exception {
        CaptureReplay replay = CaptureReplay.create();
        List<Event> events = replay.deserialize(recording.bytes());
        List<CapturedTransaction> txs = replay.assemble(recording.file(), events);
        List<SelectedTransaction> selected = replay.select(txs);
        List<Batch> messages = replay.batch(selected);
        List<byte[]> bodies = replay.encode(messages);

        assertEquals(CaptureReplay.rowsInEvents(events), CaptureReplay.rowChanges(messages),
                "every row of the recording's row events is published (all its tables are selected)");
        for (int i = 0; i < messages.size(); i++) {
            assertEquals(messages.get(i), replay.codec().decode(bodies.get(i)), "message " + i + " decodes back");
            assertTrue(bodies.get(i).length <= BatchSettings.DEFAULT_MAX_BYTES, "message " + i + " within the limit");
        }
        String actual = goldenLine(recording, CaptureReplay.rowChanges(messages), bodies);
        String expected = golden().get(recording.name());
        if (!actual.equals(expected)) {
            Path dump = Path.of("target", "capture-replay", recording.name());
            Files.createDirectories(dump);
            for (int i = 0; i < bodies.size(); i++) {
                Files.write(dump.resolve(i + ".json"), bodies.get(i));
            }
            assertEquals(expected, actual, "the replay's messages changed; bodies written to " + dump.toAbsolutePath());
        }
    }

    private static String goldenLine(CaptureRecording r, long rows, List<byte[]> bodies)
            throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long bytes = 0;
        for (byte[] b : bodies) {
            sha.update(b);
            bytes += b.length;
        }
        return r.name() + " rows=" + rows + " messages=" + bodies.size() + " bytes=" + bytes + " sha256="
                + HexFormat.of().formatHex(sha.digest());
    }

    private static Map<String, String> golden() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = CaptureReplayTest.class.getResourceAsStream("capture-replay.golden")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.put(line.substring(0, line.indexOf(' ')), line.strip());
                }
            }
        }
        return out;
    }
}
