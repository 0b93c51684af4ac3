-- Wallet: a double-entry ledger. Every movement is one ledger transaction whose entries sum to zero.
-- Accounts: per user `wallet` (spendable points) and `holds` (reserved for bids), per user `refunding`
-- (a refund sent to the gateway, not yet confirmed), and system accounts (user_id 0): `gateway` (money
-- received through the payment gateway, negative), `escrow` (won lots awaiting settlement) and
-- `commission` (platform revenue). A user's balance = wallet + holds (+ refunding); available = wallet.
CREATE TABLE ledger_accounts (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    kind        VARCHAR(16)     NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    balance     BIGINT          NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY uq_ledger_accounts_owner (kind, user_id),
    CONSTRAINT ck_ledger_accounts_kind CHECK (kind IN ('wallet', 'holds', 'refunding', 'gateway', 'escrow', 'commission')),
    -- Users' accounts can never go below zero, whatever the code does.
    CONSTRAINT ck_ledger_accounts_user_balance CHECK (kind IN ('gateway') OR balance >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE ledger_transactions (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    kind            VARCHAR(24)     NOT NULL,
    reference_type  VARCHAR(16)     NOT NULL,
    reference_id    VARCHAR(64)     NOT NULL,
    created_at      DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    KEY ix_ledger_transactions_reference (reference_type, reference_id),
    CONSTRAINT ck_ledger_transactions_kind CHECK (kind IN ('charge', 'hold', 'release', 'capture', 'settle', 'escrow_refund', 'refund_request', 'refund', 'refund_revert'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE ledger_entries (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    transaction_id  BIGINT UNSIGNED NOT NULL,
    account_id      BIGINT UNSIGNED NOT NULL,
    amount          BIGINT          NOT NULL,
    balance_after   BIGINT          NOT NULL,
    created_at      DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    KEY ix_ledger_entries_account (account_id, id),
    KEY ix_ledger_entries_transaction (transaction_id),
    CONSTRAINT fk_ledger_entries_transaction FOREIGN KEY (transaction_id) REFERENCES ledger_transactions (id),
    CONSTRAINT fk_ledger_entries_account FOREIGN KEY (account_id) REFERENCES ledger_accounts (id),
    CONSTRAINT ck_ledger_entries_nonzero CHECK (amount <> 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Points reserved for a purpose (a bid's maximum). `held` → `released` or `captured`, once.
CREATE TABLE holds (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id         BIGINT UNSIGNED NOT NULL,
    amount          BIGINT UNSIGNED NOT NULL,
    reason          VARCHAR(32)     NOT NULL,
    reference_type  VARCHAR(16)     NOT NULL,
    reference_id    VARCHAR(64)     NOT NULL,
    status          VARCHAR(16)     NOT NULL DEFAULT 'held',
    created_at      DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at      DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    KEY ix_holds_user (user_id, status),
    KEY ix_holds_reference (reference_type, reference_id),
    CONSTRAINT fk_holds_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT ck_holds_status CHECK (status IN ('held', 'released', 'captured')),
    CONSTRAINT ck_holds_amount CHECK (amount > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One charge attempt: the server issues `merchant_uid` to this user for this amount; the gateway's payment
-- id (`imp_uid`) is credited at most once (unique key).
CREATE TABLE payments (
    merchant_uid    VARCHAR(40)     NOT NULL,
    user_id         BIGINT UNSIGNED NOT NULL,
    amount          BIGINT UNSIGNED NOT NULL,
    status          VARCHAR(20)     NOT NULL DEFAULT 'pending',
    imp_uid         VARCHAR(64)         NULL,
    failure         VARCHAR(200)        NULL,
    created_at      DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    paid_at         DATETIME(6)         NULL,
    refund_requested_at DATETIME(6)     NULL,
    refunded_at     DATETIME(6)         NULL,
    PRIMARY KEY (merchant_uid),
    UNIQUE KEY uq_payments_imp_uid (imp_uid),
    KEY ix_payments_user (user_id, created_at),
    KEY ix_payments_refunding (status, refund_requested_at),
    CONSTRAINT fk_payments_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT ck_payments_status CHECK (status IN ('pending', 'paid', 'failed', 'refund_requested', 'refunded')),
    CONSTRAINT ck_payments_amount CHECK (amount >= 1000)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
