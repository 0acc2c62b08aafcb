package org.deepseaguard.hub.service;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Encrypts subscription secrets for storage: AES-256-GCM with the JDK's provider, a random 96-bit
 * nonce per value, the subscription id as associated data (a ciphertext copied to another
 * subscription does not decrypt). Stored form: {@code v1:<base64 of nonce || ciphertext || tag>}.
 *
 * <p>The key is {@code deepseaguard.alerts.secret-key} (base64 of 32 bytes). Without it, and unless
 * {@code deepseaguard.alerts.require-secret-key} (profile {@code stack}) forbids it, a key is
 * generated once and kept in {@code <data-dir>/alert-secret.key} (owner read/write only where the
 * file system supports it), so secrets survive restarts. Thread-safe.
 */
@Component
public class SecretBox {

    private static final Logger LOG = LoggerFactory.getLogger(SecretBox.class);
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    @Autowired
    public SecretBox(DeepSeaGuardProperties properties) {
        this.key = new SecretKeySpec(keyBytes(properties), "AES");
    }

    SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    private static byte[] keyBytes(DeepSeaGuardProperties properties) {
        String configured = properties.alerts().secretKey();
        if (configured != null && !configured.isBlank()) {
            return decodeKey(configured.trim(), "deepseaguard.alerts.secret-key");
        }
        if (properties.alerts().requireSecretKey()) {
            throw new IllegalStateException("deepseaguard.alerts.secret-key must be configured (base64 of 32 random bytes, "
                    + "e.g. `openssl rand -base64 32`): subscription secrets are stored encrypted with it");
        }
        Path file = properties.dataDir().resolve("alert-secret.key");
        try {
            if (Files.exists(file)) {
                return decodeKey(Files.readString(file, UTF_8).trim(), file.toString());
            }
            byte[] generated = new byte[32];
            new SecureRandom().nextBytes(generated);
            Files.createDirectories(file.getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(generated) + "\n", UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.debug("{}: no POSIX permissions on this file system", file);
            }
            LOG.info("Generated the key of alert subscription secrets in {} (set deepseaguard.alerts.secret-key to choose one)",
                    file);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the alert secret key " + file, e);
        }
    }

    private static byte[] decodeKey(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " is not base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(where + " must be 32 bytes (base64 of 32 random bytes), got " + bytes.length);
        }
        return bytes;
    }

    /** The stored form of {@code secret}, bound to {@code subscriptionId}. */
    public String seal(String subscriptionId, String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(subscriptionId.getBytes(UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret of {@code subscriptionId} from its stored form.
     *
     * @throws IllegalStateException when it does not decrypt (another key, another subscription, altered)
     */
    public String open(String subscriptionId, String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new IllegalStateException("the secret of subscription " + subscriptionId + " is not in a known stored form");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(subscriptionId.getBytes(UTF_8));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the secret of subscription " + subscriptionId
                    + " does not decrypt with this hub's deepseaguard.alerts.secret-key", e);
        }
    }
}
