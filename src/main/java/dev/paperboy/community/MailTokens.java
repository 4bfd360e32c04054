package dev.paperboy.community;

import dev.paperboy.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The tokens in links sent by mail: {@code id.signature}, where the id is random and the signature is an HMAC
 * with the server secret over the id and the link's purpose. A forged or altered token fails the signature before
 * any lookup; a genuine one works once, until it expires.
 */
final class MailTokens {
    enum Purpose { VERIFY, RESET }

    private final Database database;
    private final Secrets secrets;
    private final Clock clock;

    MailTokens(Database database, Secrets secrets, Clock clock) {
        this.database = database;
        this.secrets = secrets;
        this.clock = clock;
    }

    String issue(Purpose purpose, String userId, Duration ttl) {
        String id = Secrets.random(24);
        Instant now = clock.instant();
        database.write(h -> h.createUpdate(
                        "INSERT INTO mail_tokens (id, purpose, user_id, expires_at) VALUES (?, ?, ?, ?)")
                .bind(0, id).bind(1, purpose.name()).bind(2, userId).bind(3, now.plus(ttl).toString())
                .execute());
        return secrets.signedId("mail-token:" + purpose, id);
    }

    /**
     * Uses up a token and returns whose it was.
     *
     * @throws InvalidInputException when it is forged, altered, expired or already used (one message for all)
     */
    String redeem(Purpose purpose, String token) {
        var invalid = new InvalidInputException("This link is not valid any more: it has expired, was already used, "
                + "or was copied incompletely. Ask for a new one.");
        String id = secrets.verifiedId("mail-token:" + purpose, token).orElseThrow(() -> invalid);
        String now = clock.instant().toString();
        return database.write(h -> {
            int used = h.createUpdate("UPDATE mail_tokens SET used_at = ? "
                            + "WHERE id = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?")
                    .bind(0, now).bind(1, id).bind(2, purpose.name()).bind(3, now).execute();
            if (used != 1) {
                throw invalid;
            }
            return h.createQuery("SELECT user_id FROM mail_tokens WHERE id = ?").bind(0, id).mapTo(String.class).one();
        });
    }
}
