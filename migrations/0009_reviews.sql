-- Community: buyers' reviews (후기) of works they received, with up to 3 photos, likes and comments.

-- One review per order, written only by the order's buyer once it was received or settled (checked under
-- the order's row lock; the unique key is the last word). Counts move in the transaction that changes them.
CREATE TABLE reviews (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    order_id       BIGINT UNSIGNED NOT NULL,
    artwork_id     BIGINT UNSIGNED NOT NULL,
    author_id      BIGINT UNSIGNED NOT NULL,
    artist_id      BIGINT UNSIGNED NOT NULL,
    title          VARCHAR(60)     NOT NULL,
    body           TEXT            NOT NULL,
    like_count     INT UNSIGNED    NOT NULL DEFAULT 0,
    comment_count  INT UNSIGNED    NOT NULL DEFAULT 0,
    hidden_at      DATETIME(6)         NULL,
    hidden_reason  VARCHAR(500)        NULL,
    created_at     DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    edited_at      DATETIME(6)         NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_reviews_order (order_id),
    KEY ix_reviews_artwork (artwork_id, id),
    KEY ix_reviews_artist (artist_id, id),
    KEY ix_reviews_author (author_id, id),
    KEY ix_reviews_likes (like_count, id),
    CONSTRAINT fk_reviews_order FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT fk_reviews_artwork FOREIGN KEY (artwork_id) REFERENCES artworks (id),
    CONSTRAINT fk_reviews_author FOREIGN KEY (author_id) REFERENCES users (id),
    CONSTRAINT fk_reviews_artist FOREIGN KEY (artist_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE review_images (
    review_id    BIGINT UNSIGNED  NOT NULL,
    position     TINYINT UNSIGNED NOT NULL,
    upload_id    CHAR(32)         NOT NULL,
    storage_key  VARCHAR(255)     NOT NULL,
    width_px     INT UNSIGNED     NOT NULL,
    height_px    INT UNSIGNED     NOT NULL,
    PRIMARY KEY (review_id, position),
    KEY ix_review_images_upload (upload_id),
    CONSTRAINT fk_review_images_review FOREIGN KEY (review_id) REFERENCES reviews (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE review_likes (
    user_id     BIGINT UNSIGNED NOT NULL,
    review_id   BIGINT UNSIGNED NOT NULL,
    created_at  DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (user_id, review_id),
    KEY ix_review_likes_review (review_id),
    CONSTRAINT fk_review_likes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_review_likes_review FOREIGN KEY (review_id) REFERENCES reviews (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Deleting keeps the row (its place in the thread) and drops the text: "삭제된 댓글입니다".
CREATE TABLE review_comments (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    review_id      BIGINT UNSIGNED NOT NULL,
    author_id      BIGINT UNSIGNED NOT NULL,
    body           VARCHAR(1000)   NOT NULL,
    created_at     DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    edited_at      DATETIME(6)         NULL,
    deleted_at     DATETIME(6)         NULL,
    hidden_at      DATETIME(6)         NULL,
    hidden_reason  VARCHAR(500)        NULL,
    PRIMARY KEY (id),
    KEY ix_review_comments_review (review_id, id),
    CONSTRAINT fk_review_comments_review FOREIGN KEY (review_id) REFERENCES reviews (id) ON DELETE CASCADE,
    CONSTRAINT fk_review_comments_author FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Uploads now serve artworks and reviews; each claim takes only its own kind.
ALTER TABLE uploads
    ADD COLUMN kind VARCHAR(12) NOT NULL DEFAULT 'artwork' AFTER owner_id,
    ADD COLUMN review_id BIGINT UNSIGNED NULL AFTER artwork_id,
    ADD KEY ix_uploads_review (review_id),
    ADD CONSTRAINT fk_uploads_review FOREIGN KEY (review_id) REFERENCES reviews (id) ON DELETE SET NULL,
    ADD CONSTRAINT ck_uploads_kind CHECK (kind IN ('artwork', 'review'));

-- The sweep of unclaimed uploads checks that no image row still names an upload.
ALTER TABLE artwork_images ADD KEY ix_artwork_images_upload (upload_id);

-- A review's author hears of new comments.
ALTER TABLE notifications DROP CONSTRAINT ck_notifications_kind;
ALTER TABLE notifications ADD CONSTRAINT ck_notifications_kind
    CHECK (kind IN ('outbid', 'won', 'sold', 'unsold', 'ending_soon', 'shipped', 'received', 'settled', 'review', 'comment'));
