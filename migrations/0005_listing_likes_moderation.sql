-- Listing: free tags, staged uploads, likes (찜), and moderation (hidden listings + the admin audit log).

-- Up to 5 free tags per work, kept in order.
CREATE TABLE artwork_tags (
    artwork_id  BIGINT UNSIGNED  NOT NULL,
    position    TINYINT UNSIGNED NOT NULL,
    tag         VARCHAR(20)      NOT NULL,
    PRIMARY KEY (artwork_id, position),
    UNIQUE KEY uq_artwork_tags_tag (artwork_id, tag),
    KEY ix_artwork_tags_tag (tag),
    CONSTRAINT fk_artwork_tags_artwork FOREIGN KEY (artwork_id) REFERENCES artworks (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every artwork image is first an upload owned by its artist (checked, resized and stored at upload time);
-- a listing claims its uploads by id in the transaction that creates or edits it.
CREATE TABLE uploads (
    id           CHAR(32)        NOT NULL,
    owner_id     BIGINT UNSIGNED NOT NULL,
    storage_key  VARCHAR(255)    NOT NULL,
    width_px     INT UNSIGNED    NOT NULL,
    height_px    INT UNSIGNED    NOT NULL,
    artwork_id   BIGINT UNSIGNED     NULL,
    created_at   DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    KEY ix_uploads_owner (owner_id, created_at),
    KEY ix_uploads_artwork (artwork_id),
    CONSTRAINT fk_uploads_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_uploads_artwork FOREIGN KEY (artwork_id) REFERENCES artworks (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE artwork_images ADD COLUMN upload_id CHAR(32) NULL AFTER artwork_id;

-- 찜: one row per user and artwork; the count on the artwork is kept in the same transaction.
CREATE TABLE artwork_likes (
    user_id     BIGINT UNSIGNED NOT NULL,
    artwork_id  BIGINT UNSIGNED NOT NULL,
    created_at  DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (user_id, artwork_id),
    KEY ix_artwork_likes_artwork (artwork_id),
    CONSTRAINT fk_artwork_likes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_artwork_likes_artwork FOREIGN KEY (artwork_id) REFERENCES artworks (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE artworks
    ADD COLUMN like_count    INT UNSIGNED NOT NULL DEFAULT 0 AFTER bid_count,
    ADD COLUMN hidden_at     DATETIME(6)      NULL AFTER status,
    ADD COLUMN hidden_reason VARCHAR(500)     NULL AFTER hidden_at,
    ADD KEY ix_artworks_price (status, current_price),
    ADD KEY ix_artworks_bids (status, bid_count);

-- What admins did, to whom, and why. Written in the same transaction as the action.
CREATE TABLE admin_audit (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    admin_id     BIGINT UNSIGNED NOT NULL,
    action       VARCHAR(32)     NOT NULL,
    target_type  VARCHAR(32)     NOT NULL,
    target_id    BIGINT UNSIGNED NOT NULL,
    reason       VARCHAR(500)    NOT NULL,
    created_at   DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    KEY ix_admin_audit_target (target_type, target_id),
    CONSTRAINT fk_admin_audit_admin FOREIGN KEY (admin_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
