package dev.paperboy.community;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Random identifiers, hashes of secrets for storage, and signatures made with the server secret. Session ids,
 * API tokens and mail links are random (unguessable); what the database keeps is their SHA-256, so a stolen copy
 * of it opens nothing; what leaves the server in a link or form is signed, so a forged one is refused before any
 * lookup.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    public Secrets(String serverSecret) {
        this.key = new SecretKeySpec(serverSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** {@code bytes} random bytes, URL-safe base64. 32 bytes: 256 bits, beyond guessing. */
    public static String random(int bytes) {
        var buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return URL.encodeToString(buffer);
    }

    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA256 of {@code purpose} and {@code value} with the server secret, URL-safe base64. */
    public String sign(String purpose, String value) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return URL.encodeToString(mac.doFinal((purpose + '\n' + value).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code id.signature}: an id for a link that carries its own proof that this server made it. */
    public String signedId(String purpose, String id) {
        return id + "." + sign(purpose, id);
    }

    /** The id inside a {@link #signedId} made for {@code purpose}; empty when forged, altered, truncated or null. */
    public java.util.Optional<String> verifiedId(String purpose, String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0 || !verify(purpose, token.substring(0, dot), token.substring(dot + 1))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(token.substring(0, dot));
    }

    /** Whether {@code signature} is {@link #sign}'s for these, compared in constant time. */
    public boolean verify(String purpose, String value, String signature) {
        if (signature == null || value == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(purpose, value).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}
