-- The verifiable bid log: each lot event stores SHA-256(previous event's hash ‖ its canonical bytes),
-- written in the event's transaction (server/auction/chain.rs). Events written before this migration are
-- hashed at start-up (`chain::backfill`), so the column stays nullable.
ALTER TABLE lot_events ADD COLUMN hash BINARY(32) NULL;
