-- Certificates of authenticity (server/certificates): one per settled order, issued in the settlement's
-- transaction. `payload` is the exact JSON statement the server signed (`signature`, base64 Ed25519 over
-- "artipul-certificate/v1\n" + payload); the public page re-checks it. `show_price`: the buyer allows the
-- price on the public page and PDF.
CREATE TABLE certificates (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    serial      CHAR(17)        NOT NULL,
    order_id    BIGINT UNSIGNED NOT NULL,
    artwork_id  BIGINT UNSIGNED NOT NULL,
    buyer_id    BIGINT UNSIGNED NOT NULL,
    artist_id   BIGINT UNSIGNED NOT NULL,
    payload     TEXT            NOT NULL,
    signature   VARCHAR(100)    NOT NULL,
    -- The cover image's storage key at issuance (the PDF embeds its 400 px JPEG).
    image_key   VARCHAR(255)        NULL,
    show_price  BOOLEAN         NOT NULL DEFAULT FALSE,
    issued_at   DATETIME(6)     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_certificates_serial (serial),
    UNIQUE KEY uq_certificates_order (order_id),
    KEY ix_certificates_artist (artist_id, issued_at),
    KEY ix_certificates_buyer (buyer_id),
    CONSTRAINT fk_certificates_order FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT fk_certificates_artwork FOREIGN KEY (artwork_id) REFERENCES artworks (id),
    CONSTRAINT fk_certificates_buyer FOREIGN KEY (buyer_id) REFERENCES users (id),
    CONSTRAINT fk_certificates_artist FOREIGN KEY (artist_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
