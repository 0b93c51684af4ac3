-- Rotating refresh tokens. A token is a signed JWT whose `jti` is a row here; each refresh marks the row
-- rotated and issues a new row in the same family. Presenting a rotated token again (reuse = theft)
-- revokes the whole family.
CREATE TABLE refresh_tokens (
    jti         CHAR(32)        NOT NULL,
    family_id   CHAR(32)        NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    expires_at  DATETIME(6)     NOT NULL,
    rotated_at  DATETIME(6)         NULL,
    revoked_at  DATETIME(6)         NULL,
    created_at  DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (jti),
    KEY ix_refresh_tokens_family (family_id),
    KEY ix_refresh_tokens_user (user_id),
    CONSTRAINT fk_refresh_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
