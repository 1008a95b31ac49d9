package dev.duplex.core.wire;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a message body is encoded: fixed chunks, copied once into the exact body at the end.
 * A ByteArrayOutputStream doubles its array as a body grows to its hundreds of KiB, copying
 * everything written so far each time, and then copies the whole body once more.
 */
final class BodyBuffer extends OutputStream {
    private static final int CHUNK = 64 * 1024;
    private final List<byte[]> full = new ArrayList<>();
    private byte[] current = new byte[8 * 1024];
    private int used;
    private long size;

    @Override
    public void write(int b) {
        if (used == current.length) {
            next();
        }
        current[used++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (used == current.length) {
                next();
            }
            int n = Math.min(len, current.length - used);
            System.arraycopy(b, off, current, used, n);
            used += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    private void next() {
        full.add(current);
        current = new byte[CHUNK];
        used = 0;
    }

    byte[] toByteArray() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("body of " + size + " bytes is too large for one array");
        }
        if (full.isEmpty()) {
            return Arrays.copyOf(current, used);
        }
        byte[] out = new byte[(int) size];
        int at = 0;
        for (byte[] chunk : full) {
            System.arraycopy(chunk, 0, out, at, chunk.length);
            at += chunk.length;
        }
        System.arraycopy(current, 0, out, at, used);
        return out;
    }
}
