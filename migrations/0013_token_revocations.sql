-- Logged-out access and refresh token ids, until the token's own expiry. Kept in MySQL, not Redis: a
-- logged-out token must stay refused when Redis is unreachable, and the check rides on the query that
-- loads the caller anyway.
CREATE TABLE revoked_tokens (
    jti         CHAR(32)    NOT NULL,
    expires_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (jti),
    KEY ix_revoked_tokens_expires (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
