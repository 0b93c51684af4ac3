-- Auctions: the lot's leader and event sequence on the artwork row, bids, the per-lot event log that live
-- pages resume from, orders with escrow, and in-app notifications.
--
-- Every state change of a lot (bid, buy-now, close) happens in one transaction that holds the artwork
-- row lock, increments `event_seq` and writes exactly one `lot_events` row with that number, so each
-- lot's events form a gap-free sequence a reconnecting page can resume from.
ALTER TABLE artworks
    ADD COLUMN leader_id      BIGINT UNSIGNED NULL,
    ADD COLUMN leader_max     BIGINT UNSIGNED NULL,
    ADD COLUMN leader_at      DATETIME(6)     NULL,
    ADD COLUMN leader_hold_id BIGINT UNSIGNED NULL,
    ADD COLUMN event_seq      INT UNSIGNED    NOT NULL DEFAULT 0,
    ADD COLUMN closed_at      DATETIME(6)     NULL,
    ADD CONSTRAINT fk_artworks_leader FOREIGN KEY (leader_id) REFERENCES users (id);

-- Stable anonymous handles per lot ("입찰자 3"): the n-th distinct bidder gets n.
CREATE TABLE lot_bidders (
    artwork_id  BIGINT UNSIGNED NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    handle      INT UNSIGNED    NOT NULL,
    PRIMARY KEY (artwork_id, user_id),
    UNIQUE KEY uq_lot_bidders_handle (artwork_id, handle),
    KEY ix_lot_bidders_user (user_id),
    CONSTRAINT fk_lot_bidders_artwork FOREIGN KEY (artwork_id) REFERENCES artworks (id),
    CONSTRAINT fk_lot_bidders_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every accepted bid. `max_amount` is private to its bidder; `price_after` is the public price it produced.
CREATE TABLE bids (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    artwork_id   BIGINT UNSIGNED NOT NULL,
    seq          INT UNSIGNED    NOT NULL,
    bidder_id    BIGINT UNSIGNED NOT NULL,
    kind         VARCHAR(8)      NOT NULL,
    max_amount   BIGINT UNSIGNED NOT NULL,
    price_after  BIGINT UNSIGNED NOT NULL,
    created_at   DATETIME(6)     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_bids_seq (artwork_id, seq),
    KEY ix_bids_bidder (bidder_id, artwork_id),
    CONSTRAINT fk_bids_artwork FOREIGN KEY (artwork_id) REFERENCES artworks (id),
    CONSTRAINT fk_bids_bidder FOREIGN KEY (bidder_id) REFERENCES users (id),
    CONSTRAINT ck_bids_kind CHECK (kind IN ('bid', 'raise', 'buy_now'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The public event log of each lot (what live pages receive), numbered per lot without gaps.
CREATE TABLE lot_events (
    artwork_id  BIGINT UNSIGNED NOT NULL,
    seq         INT UNSIGNED    NOT NULL,
    kind        VARCHAR(12)     NOT NULL,
    payload     TEXT            NOT NULL,
    created_at  DATETIME(6)     NOT NULL,
    PRIMARY KEY (artwork_id, seq),
    CONSTRAINT fk_lot_events_artwork FOREIGN KEY (artwork_id) REFERENCES artworks (id),
    CONSTRAINT ck_lot_events_kind CHECK (kind IN ('bid', 'buy_now', 'closed', 'cancelled', 'updated'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One order per sold lot: paid (escrow) → shipped → received → settled; `disputed` freezes settlement.
CREATE TABLE orders (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    artwork_id    BIGINT UNSIGNED NOT NULL,
    buyer_id      BIGINT UNSIGNED NOT NULL,
    artist_id     BIGINT UNSIGNED NOT NULL,
    amount        BIGINT UNSIGNED NOT NULL,
    status        VARCHAR(12)     NOT NULL DEFAULT 'paid',
    carrier       VARCHAR(40)         NULL,
    tracking_no   VARCHAR(40)         NULL,
    commission    BIGINT UNSIGNED     NULL,
    artist_share  BIGINT UNSIGNED     NULL,
    auto_confirmed BOOLEAN        NOT NULL DEFAULT FALSE,
    dispute_reason VARCHAR(500)       NULL,
    paid_at       DATETIME(6)     NOT NULL,
    shipped_at    DATETIME(6)         NULL,
    received_at   DATETIME(6)         NULL,
    settled_at    DATETIME(6)         NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_orders_artwork (artwork_id),
    KEY ix_orders_buyer (buyer_id, id),
    KEY ix_orders_artist (artist_id, id),
    KEY ix_orders_status (status, shipped_at),
    CONSTRAINT fk_orders_artwork FOREIGN KEY (artwork_id) REFERENCES artworks (id),
    CONSTRAINT fk_orders_buyer FOREIGN KEY (buyer_id) REFERENCES users (id),
    CONSTRAINT fk_orders_artist FOREIGN KEY (artist_id) REFERENCES users (id),
    CONSTRAINT ck_orders_status CHECK (status IN ('paid', 'shipped', 'received', 'settled', 'disputed', 'refunded'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- In-app notifications. `dedupe_key` makes "once per thing" notices (a watched lot ending soon) idempotent.
CREATE TABLE notifications (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id     BIGINT UNSIGNED NOT NULL,
    kind        VARCHAR(16)     NOT NULL,
    message     VARCHAR(300)    NOT NULL,
    link        VARCHAR(200)    NOT NULL,
    dedupe_key  VARCHAR(80)         NULL,
    read_at     DATETIME(6)         NULL,
    created_at  DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_notifications_dedupe (dedupe_key),
    KEY ix_notifications_user (user_id, id),
    KEY ix_notifications_unread (user_id, read_at),
    CONSTRAINT fk_notifications_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT ck_notifications_kind CHECK (kind IN ('outbid', 'won', 'sold', 'unsold', 'ending_soon', 'shipped', 'received', 'settled', 'review'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
