package dev.capstan.store.artifact.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Percent-decoding as URL parsers do it, strict where attackers hide things: the path-traversal attacks on MLflow
 * (CVE-2023-1177, CVE-2023-6909, ...) smuggled {@code ..}, {@code /} and {@code #} through one, two or three rounds
 * of URL encoding, so callers inspect every round, not just the first.
 */
public final class PercentDecoding {

    /** Rounds after which a string that still decodes to something new is refused outright. */
    public static final int MAX_ROUNDS = 10;

    private PercentDecoding() {
    }

    /**
     * The string followed by each successive decoding until nothing changes; empty when a round is not valid UTF-8
     * or decoding has not settled after {@link #MAX_ROUNDS} rounds.
     */
    public static Optional<List<String>> rounds(String s) {
        List<String> rounds = new ArrayList<>(List.of(s));
        for (int i = 0; i < MAX_ROUNDS; i++) {
            Optional<String> next = decodeOnce(rounds.get(i));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            if (next.get().equals(rounds.get(i))) {
                return Optional.of(rounds);
            }
            rounds.add(next.get());
        }
        return Optional.empty();
    }

    /** The ASCII characters that {@code %XX} escapes in {@code s} stand for (non-ASCII bytes are left out). */
    public static List<Character> escapedAscii(String s) {
        List<Character> found = new ArrayList<>();
        for (int i = 0; i + 2 < s.length(); i++) {
            int value = escapeAt(s, i);
            if (value >= 0 && value < 0x80) {
                found.add((char) value);
            }
        }
        return found;
    }

    /** One round of decoding; empty when the decoded bytes are not valid UTF-8 (e.g. overlong {@code %c0%ae}). */
    public static Optional<String> decodeOnce(String s) {
        if (s.indexOf('%') < 0) {
            return Optional.of(s);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            int value = escapeAt(s, i);
            if (value >= 0) {
                bytes.write(value);
                i += 2;
            } else {
                int codePoint = s.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        return strictUtf8(bytes.toByteArray());
    }

    private static int escapeAt(String s, int i) {
        if (s.charAt(i) != '%' || i + 2 >= s.length()) {
            return -1;
        }
        char high = s.charAt(i + 1);
        char low = s.charAt(i + 2);
        if (!HexFormat.isHexDigit(high) || !HexFormat.isHexDigit(low)) {
            return -1;
        }
        return HexFormat.fromHexDigit(high) << 4 | HexFormat.fromHexDigit(low);
    }

    private static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
