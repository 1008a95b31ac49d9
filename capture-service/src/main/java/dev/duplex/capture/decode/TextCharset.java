package dev.duplex.capture.decode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A MySQL character set and how to turn its bytes into text. {@code binary} columns are not text
 * at all. MySQL's latin1 is cp1252 plus the five bytes cp1252 leaves undefined, which MySQL maps
 * to the C1 controls; Java's windows-1252 would turn those into U+FFFD, so latin1 has its own table.
 */
public final class TextCharset {
    /**
     * Charsets whose bytes 0x00-0x7F are exactly ASCII: UTF-8 and ASCII only, which capture meets
     * nearly always. (Some multi-byte charsets reuse ASCII bytes inside sequences, and sjis maps
     * 0x5C to the yen sign in Java, so the others keep their decoder.)
     */
    private static final Set<String> ASCII_COMPATIBLE = Set.of("utf8", "utf8mb3", "utf8mb4",
            "ascii");
    public static final TextCharset BINARY = new TextCharset("binary", null, null);
    public static final TextCharset UTF8MB4 = new TextCharset("utf8mb4", StandardCharsets.UTF_8, null);
    public static final TextCharset LATIN1 = new TextCharset("latin1", null, latin1Table());

    /** MySQL character set names and the Java charset that decodes them exactly. */
    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("utf8", "UTF-8"), Map.entry("utf8mb3", "UTF-8"), Map.entry("utf8mb4", "UTF-8"),
            Map.entry("ascii", "US-ASCII"), Map.entry("ucs2", "UTF-16BE"), Map.entry("utf16", "UTF-16BE"),
            Map.entry("utf16le", "UTF-16LE"), Map.entry("utf32", "UTF-32BE"), Map.entry("cp1250", "windows-1250"),
            Map.entry("cp1251", "windows-1251"), Map.entry("cp1256", "windows-1256"),
            Map.entry("cp1257", "windows-1257"), Map.entry("latin2", "ISO-8859-2"), Map.entry("greek", "ISO-8859-7"),
            Map.entry("hebrew", "ISO-8859-8"), Map.entry("latin5", "ISO-8859-9"), Map.entry("latin7", "ISO-8859-13"),
            Map.entry("koi8r", "KOI8-R"), Map.entry("koi8u", "KOI8-U"), Map.entry("cp850", "IBM850"),
            Map.entry("cp852", "IBM852"), Map.entry("cp866", "IBM866"), Map.entry("gbk", "GBK"),
            Map.entry("gb2312", "GB2312"), Map.entry("gb18030", "GB18030"), Map.entry("big5", "Big5"),
            Map.entry("sjis", "Shift_JIS"), Map.entry("cp932", "windows-31j"), Map.entry("ujis", "EUC-JP"),
            Map.entry("eucjpms", "x-eucJP-Open"), Map.entry("euckr", "EUC-KR"), Map.entry("tis620", "TIS-620"),
            Map.entry("macroman", "x-MacRoman"), Map.entry("macce", "x-MacCentralEurope"));

    private final String mysqlName;
    private final Charset charset;
    private final char[] table;
    private final boolean asciiCompatible;

    private TextCharset(String mysqlName, Charset charset, char[] table) {
        this.mysqlName = mysqlName;
        this.charset = charset;
        this.table = table;
        this.asciiCompatible = charset != null && ASCII_COMPATIBLE.contains(mysqlName);
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** The charset of a MySQL character set name, or null when Java cannot decode it exactly. */
    public static TextCharset forMySqlName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("binary")) {
            return BINARY;
        }
        if (n.equals("latin1")) {
            return LATIN1;
        }
        String java = JAVA_NAMES.get(n);
        if (java == null || !Charset.isSupported(java)) {
            return null;
        }
        return n.startsWith("utf8") ? new TextCharset(n, StandardCharsets.UTF_8, null)
                : new TextCharset(n, Charset.forName(java), null);
    }

    public String mysqlName() {
        return mysqlName;
    }

    public boolean isBinary() {
        return charset == null && table == null;
    }

    /**
     * Whether {@code bytes} are, as they are, the UTF-8 of the text they hold in this charset:
     * ASCII in a charset whose ASCII bytes are ASCII characters, or any text of a UTF-8 charset.
     * Bytes that are not valid in the charset are an error, as in {@link #decode}.
     */
    public boolean isUtf8(byte[] bytes) throws CharacterCodingException {
        if ((asciiCompatible || table != null) && isAscii(bytes)) {
            return true;
        }
        if (charset == StandardCharsets.UTF_8) {
            decode(bytes); // only to refuse malformed bytes
            return true;
        }
        return false;
    }

    /**
     * The text of {@code bytes}. Bytes that are not valid in the charset are an error, never
     * replaced: a replaced character would be written to the target as a different value.
     */
    public String decode(byte[] bytes) throws CharacterCodingException {
        if (table != null) {
            if (isAscii(bytes)) {
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
            char[] out = new char[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                out[i] = table[bytes[i] & 0xFF];
            }
            return new String(out);
        }
        if (charset == null) {
            throw new IllegalStateException("binary columns are not text");
        }
        if (asciiCompatible && isAscii(bytes)) {
            // Most text is ASCII, the same characters in every charset decoded here but the UTF-16/32
            // ones: no decoder and no intermediate buffer needed, and nothing can be malformed.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (charset == StandardCharsets.UTF_8) {
            // The String constructor decodes UTF-8 the same way, only replacing what is malformed with
            // U+FFFD: text without U+FFFD was well-formed; with one, the reporting decoder decides.
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') < 0) {
                return text;
            }
        }
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static char[] latin1Table() {
        Charset cp1252 = Charset.forName("windows-1252");
        char[] t = new char[256];
        for (int i = 0; i < 256; i++) {
            String s = new String(new byte[] {(byte) i}, cp1252);
            // Undefined in cp1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D): MySQL maps them to the same code point.
            t[i] = s.length() == 1 && s.charAt(0) != '\uFFFD' ? s.charAt(0) : (char) i;
        }
        return t;
    }

    @Override
    public String toString() {
        return mysqlName;
    }
}
