-- Comparable sales for pricing (server/artworks/comparables.rs): ended lots by genre path, read from the
-- index alone (it covers every column the query reads).
ALTER TABLE artworks ADD KEY ix_artworks_comparables (genre_path, status, hidden_at, current_price, bid_count);
