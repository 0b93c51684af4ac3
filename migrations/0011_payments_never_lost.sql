-- Charges that are never lost: unpaid attempts expire; a refund the gateway refuses for good ends in a
-- terminal state (its points back in the wallet) instead of being retried forever.
ALTER TABLE payments DROP CONSTRAINT ck_payments_status;
ALTER TABLE payments
    ADD COLUMN refund_attempts INT UNSIGNED NOT NULL DEFAULT 0,
    ADD COLUMN refund_failure  VARCHAR(200)     NULL,
    ADD CONSTRAINT ck_payments_status
        CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'refund_requested', 'refunded', 'refund_failed'));
