package dev.duplex.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextCharsetTest {
    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void decodesWellFormedUtf8IncludingAReplacementCharacterOfItsOwn() throws Exception {
        TextCharset utf8 = TextCharset.UTF8MB4;
        for (String s : new String[] {"", "plain ascii\t\u0000", "héllo wörld", "日本語", "emoji 😀", "a\uFFFDb"}) {
            assertEquals(s, utf8.decode(s.getBytes(StandardCharsets.UTF_8)), s);
        }
        assertEquals("ok", TextCharset.forMySqlName("utf8mb3").decode("ok".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesMalformedUtf8RatherThanReplacingIt() {
        TextCharset utf8 = TextCharset.UTF8MB4;
        assertThrows(CharacterCodingException.class, () -> utf8.decode(bytes('a', 0xFF, 'b')));
        assertThrows(CharacterCodingException.class, () -> utf8.decode(bytes('a', 0xC3)));
        // A surrogate encoded on its own (CESU-8) is not UTF-8.
        assertThrows(CharacterCodingException.class, () -> utf8.decode(bytes(0xED, 0xA0, 0x80)));
    }

    @Test
    void asciiAndLatin1KeepTheirOwnRules() throws Exception {
        TextCharset ascii = TextCharset.forMySqlName("ascii");
        assertEquals("abc", ascii.decode(bytes('a', 'b', 'c')));
        assertThrows(CharacterCodingException.class, () -> ascii.decode(bytes('a', 0xE9)));
        assertEquals("abc", TextCharset.LATIN1.decode(bytes('a', 'b', 'c')));
        assertEquals("café\u0081", TextCharset.LATIN1.decode(bytes('c', 'a', 'f', 0xE9, 0x81)));
    }

    @Test
    void takesBytesAsUtf8OnlyWhereTheyAreTheUtf8OfTheirText() throws Exception {
        assertTrue(TextCharset.UTF8MB4.isUtf8("héllo 😀".getBytes(StandardCharsets.UTF_8)));
        assertTrue(TextCharset.forMySqlName("utf8mb3").isUtf8("日本".getBytes(StandardCharsets.UTF_8)));
        assertTrue(TextCharset.LATIN1.isUtf8(bytes('a', '\\', 'b')));
        assertFalse(TextCharset.LATIN1.isUtf8(bytes('c', 'a', 'f', 0xE9)), "latin1 é is one byte, not UTF-8");
        assertTrue(TextCharset.forMySqlName("ascii").isUtf8(bytes('a', 'b')));
        assertFalse(TextCharset.forMySqlName("sjis").isUtf8(bytes('a', 0x5C)), "sjis 0x5C is the yen sign");
        assertThrows(CharacterCodingException.class, () -> TextCharset.UTF8MB4.isUtf8(bytes('a', 0xFF)));
        assertFalse(TextCharset.forMySqlName("ascii").isUtf8(bytes(0xE9)), "decode refuses it");
    }
}
