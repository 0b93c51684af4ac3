-- Admin actions on lots and members: a voided bid stays in `bids` (who, when, why) but no longer counts;
-- a suspended member cannot log in or use a session; lot events and notifications name the new cases.
ALTER TABLE bids
    ADD COLUMN voided_at   DATETIME(6)  NULL,
    ADD COLUMN void_reason VARCHAR(500) NULL;

ALTER TABLE users
    ADD COLUMN suspended_at     DATETIME(6)  NULL,
    ADD COLUMN suspended_reason VARCHAR(500) NULL;

ALTER TABLE lot_events DROP CONSTRAINT ck_lot_events_kind;
ALTER TABLE lot_events ADD CONSTRAINT ck_lot_events_kind
    CHECK (kind IN ('bid', 'buy_now', 'closed', 'cancelled', 'updated', 'voided'));

ALTER TABLE notifications DROP CONSTRAINT ck_notifications_kind;
ALTER TABLE notifications ADD CONSTRAINT ck_notifications_kind
    CHECK (kind IN ('outbid', 'won', 'sold', 'unsold', 'ending_soon', 'shipped', 'received', 'settled', 'review', 'comment',
                    'cancelled', 'voided', 'dispute'));

-- Members report a listing, a review, a comment or a member (신고); admins decide. One open report per
-- member and target: `open_key` is set while the report is open and cleared when it is decided.
CREATE TABLE reports (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    reporter_id  BIGINT UNSIGNED NOT NULL,
    target_type  VARCHAR(16)     NOT NULL,
    target_id    BIGINT UNSIGNED NOT NULL,
    reason       VARCHAR(16)     NOT NULL,
    detail       VARCHAR(1000)   NOT NULL DEFAULT '',
    status       VARCHAR(12)     NOT NULL DEFAULT 'open',
    open_key     VARCHAR(64)         NULL,
    decided_by   BIGINT UNSIGNED     NULL,
    decided_at   DATETIME(6)         NULL,
    decision_note VARCHAR(500)       NULL,
    created_at   DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_reports_open (open_key),
    KEY ix_reports_status (status, id),
    KEY ix_reports_target (target_type, target_id),
    CONSTRAINT fk_reports_reporter FOREIGN KEY (reporter_id) REFERENCES users (id),
    CONSTRAINT ck_reports_target CHECK (target_type IN ('artwork', 'review', 'comment', 'member')),
    CONSTRAINT ck_reports_reason CHECK (reason IN ('fraud', 'copyright', 'abuse', 'spam', 'inappropriate', 'other')),
    CONSTRAINT ck_reports_status CHECK (status IN ('open', 'actioned', 'dismissed'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Disputes: when it was opened and decided, the buyer's photos (uploads of kind `dispute`, claimed by the
-- order like a review claims its photos), and a notification kind for the decision.
ALTER TABLE orders
    ADD COLUMN disputed_at     DATETIME(6)  NULL,
    ADD COLUMN resolved_at     DATETIME(6)  NULL,
    ADD COLUMN resolution_note VARCHAR(500) NULL;

ALTER TABLE uploads
    ADD COLUMN order_id BIGINT UNSIGNED NULL AFTER review_id,
    ADD KEY ix_uploads_order (order_id),
    ADD CONSTRAINT fk_uploads_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE SET NULL;
ALTER TABLE uploads DROP CONSTRAINT ck_uploads_kind;
ALTER TABLE uploads ADD CONSTRAINT ck_uploads_kind CHECK (kind IN ('artwork', 'review', 'dispute'));

CREATE TABLE dispute_images (
    order_id     BIGINT UNSIGNED  NOT NULL,
    position     TINYINT UNSIGNED NOT NULL,
    upload_id    CHAR(32)         NOT NULL,
    storage_key  VARCHAR(255)     NOT NULL,
    width_px     INT UNSIGNED     NOT NULL,
    height_px    INT UNSIGNED     NOT NULL,
    PRIMARY KEY (order_id, position),
    KEY ix_dispute_images_upload (upload_id),
    CONSTRAINT fk_dispute_images_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
