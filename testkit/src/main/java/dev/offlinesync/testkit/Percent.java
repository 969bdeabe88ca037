package dev.offlinesync.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-decoding and the encoders of the servers' query string writers. Stateless. */
final class Percent {

    private Percent() {
    }

    /** Lenient percent-decoding: invalid escapes stay as they are, as Express' decoders do. */
    static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Percent-encodes every byte but the unreserved ones, as the Node server's query string writer does. */
    static String encode(String text) {
        return encode(text, "-_.!~*'()");
    }

    /**
     * Percent-encodes every byte but letters, digits and {@code - _ . ~} (RFC 3986's unreserved set), as .NET's
     * {@code Uri.EscapeDataString} does: {@code $} becomes {@code %24}, a space {@code %20}.
     */
    static String encodeDataString(String text) {
        return encode(text, "-_.~");
    }

    private static String encode(String text, String unreservedMarks) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || unreservedMarks.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }
}
