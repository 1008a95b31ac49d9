package dev.duplex.core.wire;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * SQS refuses a message body holding U+FFFE or U+FFFF, though both are legal in MySQL text.
 * Jackson already escapes every control character, so these two are the only ones left to
 * escape for any Text value to reach the queue.
 */
final class SqsSafeEscapes extends CharacterEscapes {

    private static final int[] ASCII = standardAsciiEscapesForJSON();
    private static final SerializedString FFFE = new SerializedString("\\uFFFE");
    private static final SerializedString FFFF = new SerializedString("\\uFFFF");

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return switch (ch) {
            case 0xFFFE -> FFFE;
            case 0xFFFF -> FFFF;
            default -> null;
        };
    }
}
