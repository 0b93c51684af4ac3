-- Server-side sessions (tower-sessions): OAuth state + PKCE verifier, pending social sign-up, flash
-- messages. Authentication itself stays in the token cookies; a session exists only when one of those
-- short-lived flows needs it.
CREATE TABLE sessions (
    id           CHAR(22)     NOT NULL,
    data         BLOB         NOT NULL,
    expiry_date  TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_sessions_expiry (expiry_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A provider identity (Google `sub`, Kakao id, Naver id) linked to one account.
CREATE TABLE social_accounts (
    provider    VARCHAR(16)     NOT NULL,
    subject     VARCHAR(255)    NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    created_at  DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (provider, subject),
    UNIQUE KEY uq_social_accounts_user_provider (user_id, provider),
    CONSTRAINT fk_social_accounts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT ck_social_accounts_provider CHECK (provider IN ('google', 'kakao', 'naver'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Where won works are shipped: one structured address per account (private, like e-mail and phone).
CREATE TABLE shipping_addresses (
    user_id      BIGINT UNSIGNED NOT NULL,
    recipient    VARCHAR(50)     NOT NULL,
    phone_e164   VARCHAR(16)     NOT NULL,
    postal_code  CHAR(5)         NOT NULL,
    address1     VARCHAR(200)    NOT NULL,
    address2     VARCHAR(200)    NOT NULL DEFAULT '',
    updated_at   DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (user_id),
    CONSTRAINT fk_shipping_addresses_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT ck_shipping_addresses_postal CHECK (postal_code REGEXP '^[0-9]{5}$')
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Changing or resetting the password ends every other session: refresh families issued before this
-- moment are refused.
ALTER TABLE users ADD COLUMN password_changed_at DATETIME(6) NULL AFTER password_hash;
