package org.deepseaguard.hub.deadletter;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes whatever a failed message carried fit table {@code dead_letters}, so storing a dead letter
 * never fails on content: U+0000 (refused by PostgreSQL {@code text}) and unpaired surrogates become
 * U+FFFD, invalid UTF-8 is decoded with U+FFFD, and text longer than its column is cut (never in the
 * middle of a surrogate pair). Each change is described in a note, and when the payload's text form
 * is not exactly what arrived the original bytes are kept in base64 ({@link Payload#base64()}) for a
 * byte-exact replay.
 *
 * <p>Column sizes are those of migrations V1, V50 and V51. Stateless and thread-safe.
 */
public final class DeadLetterContent {

    /** {@code source VARCHAR(64)}. */
    public static final int SOURCE_CHARS = 64;
    /** {@code route_id VARCHAR(128)}. */
    public static final int ROUTE_ID_CHARS = 128;
    /** {@code exception_class VARCHAR(512)}. */
    public static final int EXCEPTION_CLASS_CHARS = 512;
    /** {@code replay_endpoint VARCHAR(512)}: a longer one is not cut (it would name another endpoint) but dropped. */
    public static final int REPLAY_ENDPOINT_CHARS = 512;
    /** {@code payload_note VARCHAR(1024)}. */
    public static final int NOTE_CHARS = 1024;
    /** {@code reason} is {@code text}; kept readable: at most this many characters. */
    public static final int REASON_CHARS = 8192;
    /** A header name in the {@code headers} JSON. */
    public static final int HEADER_NAME_CHARS = 256;
    /** A header value in the {@code headers} JSON. */
    public static final int HEADER_VALUE_CHARS = 4096;

    private static final char REPLACEMENT = '\uFFFD';

    private DeadLetterContent() {
    }

    /**
     * A payload as stored.
     *
     * @param text      readable text for column {@code payload}, cleaned and perhaps cut; null for no body
     * @param base64    the original bytes in base64 when {@code text} is not exactly them; null when it
     *                  is, or when the original exceeded the byte limit (then only the broker's DLQ has it)
     * @param truncated {@code text} holds only the start of the payload
     * @param size      length of the original in bytes
     * @param notes     what was changed, for column {@code payload_note}
     */
    public record Payload(String text, String base64, boolean truncated, long size, List<String> notes) {
    }

    /**
     * The stored form of a payload of {@code original} bytes.
     *
     * @param maxChars         most characters of column {@code payload}
     * @param maxOriginalBytes most bytes kept in {@code payload_base64}
     */
    public static Payload payload(byte[] original, int maxChars, int maxOriginalBytes) {
        if (original == null) {
            return new Payload(null, null, false, 0, List.of());
        }
        List<String> notes = new ArrayList<>();
        String decoded;
        try {
            CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            decoded = strict.decode(ByteBuffer.wrap(original)).toString();
        } catch (CharacterCodingException e) {
            decoded = new String(original, StandardCharsets.UTF_8);
            notes.add("payload is not valid UTF-8 (shown with U+FFFD)");
        }
        Text text = clean(decoded, maxChars);
        if (text.nuls() > 0) {
            notes.add("payload has " + text.nuls() + " NUL character(s) (shown as U+FFFD)");
        }
        if (text.cut()) {
            notes.add("payload text cut to " + maxChars + " of " + decoded.length() + " characters");
        }
        String base64 = null;
        if (!notes.isEmpty()) {
            if (original.length <= maxOriginalBytes) {
                base64 = Base64.getEncoder().encodeToString(original);
                notes.add("original bytes in payload_base64");
            } else {
                notes.add("original (" + original.length + " bytes) exceeds " + maxOriginalBytes
                        + " bytes: kept only on the broker's DLQ, not replayable from here");
            }
        }
        return new Payload(text.value(), base64, text.cut(), original.length, List.copyOf(notes));
    }

    /**
     * {@code value} fit for a text column of {@code maxChars}: U+0000 and unpaired surrogates
     * replaced by U+FFFD, cut at {@code maxChars}. Adds a note naming {@code column} when it changed.
     */
    public static String column(String value, int maxChars, String column, List<String> notes) {
        if (value == null) {
            return null;
        }
        Text text = clean(value, maxChars);
        if (text.nuls() > 0 || text.surrogates() > 0) {
            notes.add(column + ": invalid characters replaced by U+FFFD");
        }
        if (text.cut()) {
            notes.add(column + " cut to " + maxChars + " of " + value.length() + " characters");
        }
        return text.value();
    }

    /** The headers with names and string values fit for the {@code headers} JSON. */
    public static Map<String, Object> headers(Map<String, Object> headers, List<String> notes) {
        Map<String, Object> clean = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        headers.forEach((name, value) -> {
            List<String> local = new ArrayList<>();
            String key = column(name, HEADER_NAME_CHARS, "header name", local);
            Object v = value instanceof String s ? column(s, HEADER_VALUE_CHARS, "header " + key, local) : value;
            if (!local.isEmpty()) {
                changed.add(key);
            }
            clean.put(key, v);
        });
        if (!changed.isEmpty()) {
            notes.add("headers cleaned or cut: " + String.join(", ", changed));
        }
        return clean;
    }

    /** Joins notes into column {@code payload_note}, or null when there are none. */
    public static String note(List<String> notes) {
        if (notes.isEmpty()) {
            return null;
        }
        return clean(String.join("; ", notes), NOTE_CHARS).value();
    }

    private record Text(String value, int nuls, int surrogates, boolean cut) {
    }

    private static Text clean(String value, int maxChars) {
        int nuls = 0;
        int surrogates = 0;
        boolean cut = value.length() > maxChars;
        int end = cut ? maxChars : value.length();
        if (cut && end > 0 && Character.isHighSurrogate(value.charAt(end - 1))
                && end < value.length() && Character.isLowSurrogate(value.charAt(end))) {
            end--;
        }
        CharBuffer out = null;
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            char replaced = c;
            if (c == '\u0000') {
                nuls++;
                replaced = REPLACEMENT;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < end && Character.isLowSurrogate(value.charAt(i + 1))) {
                    if (out != null) {
                        out.put(c).put(value.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                surrogates++;
                replaced = REPLACEMENT;
            } else if (Character.isLowSurrogate(c)) {
                surrogates++;
                replaced = REPLACEMENT;
            }
            if (replaced != c && out == null) {
                out = CharBuffer.allocate(end);
                out.put(value, 0, i);
            }
            if (out != null) {
                out.put(replaced);
            }
        }
        String result = out != null ? new String(out.array(), 0, out.position()) : value.substring(0, end);
        return new Text(result, nuls, surrogates, cut);
    }
}
