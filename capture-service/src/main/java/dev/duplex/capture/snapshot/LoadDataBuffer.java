package dev.duplex.capture.snapshot;

import java.util.Arrays;

/**
 * The bytes of a LOAD DATA stream as they are written: a growable array the stream reads
 * without another copy, and the field encodings of {@link LoadDataRows}' format.
 */
final class LoadDataBuffer {
    /** The most room {@link #presize} reserves ahead; larger chunks grow as they are written. */
    private static final int PRESIZE_LIMIT = 16 << 20;

    byte[] bytes;
    int size;

    LoadDataBuffer(int capacity) {
        bytes = new byte[Math.max(256, capacity)];
    }

    /**
     * After a chunk's first row: room for its other {@code rows} at that row's size and a quarter
     * more. Growing a chunk's buffer by doubling copied it two or three times, a sixth of a reader's CPU.
     */
    void presize(int rows) {
        ensure((int) Math.min((long) size * rows * 5 / 4, PRESIZE_LIMIT));
    }

    void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    void add(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    /** The field of a NULL. */
    void nul() {
        ensure(2);
        bytes[size++] = '\\';
        bytes[size++] = 'N';
    }

    /** Text known to be ASCII without any byte to escape (numbers, hex, \N). */
    void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    /** {@code v} in decimal, as {@link Long#toString(long)} writes it, without the String. */
    void digits(long v) {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        ensure(20);
        if (v < 0) {
            bytes[size++] = '-';
            v = -v;
        }
        int end = size + digitCount(v);
        for (int i = end - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size = end;
    }

    private static int digitCount(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** UTF-8 text with the four bytes the format gives a meaning escaped. */
    void escaped(byte[] utf8) {
        ensure(utf8.length * 2);
        for (byte b : utf8) {
            switch (b) {
                case '\\' -> two('\\');
                case '\t' -> two('t');
                case '\n' -> two('n');
                case 0 -> two('0');
                default -> bytes[size++] = b;
            }
        }
    }

    private void two(char escaped) {
        bytes[size++] = '\\';
        bytes[size++] = (byte) escaped;
    }
}
