package org.deepseaguard.hub.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The hashes of the audit log (docs/audit.md). {@code payload_sha256} is the SHA-256 of the
 * payload's UTF-8 bytes; {@code entry_sha256} the SHA-256 of the UTF-8 string
 * <pre>seq|recorded_at|actor|actor_role|kind|payload_sha256|prev_sha256</pre>
 * with {@code seq} in decimal, {@code recorded_at} as {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'} (UTC,
 * always six fraction digits) and {@code prev_sha256} the previous entry's {@code entry_sha256}
 * ({@link #GENESIS}, 64 zeros, for entry 1). Every hash is lower-case hex. Only {@code actor} is free
 * text; the fields after it never hold {@code |}, so the string reads back one way. Stateless and
 * thread-safe.
 */
public final class AuditHash {

    /** The {@code prev_sha256} of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditHash() {
    }

    /** SHA-256 of the payload text's UTF-8 bytes. */
    public static String payload(String payload) {
        return sha256(payload);
    }

    /** The entry hash of the definition above; {@code recordedAt} is cut to the microsecond. */
    public static String entry(long seq, Instant recordedAt, String actor, String actorRole, String kind,
                               String payloadSha256, String prevSha256) {
        return sha256(canonical(seq, recordedAt, actor, actorRole, kind, payloadSha256, prevSha256));
    }

    /** The string {@link #entry} hashes. */
    public static String canonical(long seq, Instant recordedAt, String actor, String actorRole, String kind,
                                   String payloadSha256, String prevSha256) {
        return seq + "|" + TIME.format(recordedAt) + "|" + actor + "|" + actorRole + "|" + kind + "|"
                + payloadSha256 + "|" + prevSha256;
    }

    /** {@code recorded_at} as the entry hash writes it: UTC, six fraction digits. */
    public static String time(Instant recordedAt) {
        return TIME.format(recordedAt);
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of the bytes, lower-case hex (the hash of every file of an evidence package too). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
