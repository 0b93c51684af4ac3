-- All-in prices (domain/delivery.rs): how a work reaches its buyer — shipping for a fee the artist sets
-- (₩0 allowed) or pick-up in person in an area — and the shipping an order charged with its price.
-- A bid holds price + shipping; the sale captures both into escrow; settlement pays the artist the price
-- less commission plus the shipping; a refund returns both.
ALTER TABLE artworks
    ADD COLUMN delivery     VARCHAR(8)      NOT NULL DEFAULT 'shipping',
    ADD COLUMN shipping_fee BIGINT UNSIGNED NOT NULL DEFAULT 0,
    ADD COLUMN pickup_area  VARCHAR(40)         NULL,
    ADD CONSTRAINT ck_artworks_delivery CHECK (
        (delivery = 'shipping' AND pickup_area IS NULL)
        OR (delivery = 'pickup' AND shipping_fee = 0 AND pickup_area IS NOT NULL));

-- A pick-up order's handover code: shown to the buyer only; the artist enters it when handing the work
-- over (proof that they met), in place of a tracking number.
ALTER TABLE orders
    ADD COLUMN shipping_fee  BIGINT UNSIGNED NOT NULL DEFAULT 0 AFTER amount,
    ADD COLUMN handover_code CHAR(6)             NULL AFTER tracking_no;
