-- Search: every change that affects an artwork's search document bumps its version and writes an outbox
-- row in the same transaction; the indexer delivers rows to the search backend and deletes them.
ALTER TABLE artworks ADD COLUMN search_version BIGINT UNSIGNED NOT NULL DEFAULT 0;

CREATE TABLE search_outbox (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    artwork_id  BIGINT UNSIGNED NOT NULL,
    created_at  DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    KEY ix_search_outbox_artwork (artwork_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Works that existed before search: index them on the first run.
INSERT INTO search_outbox (artwork_id) SELECT id FROM artworks ORDER BY id;
