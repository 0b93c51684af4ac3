-- E-mail ownership: set when the member enters the code sent to the address (or the social provider
-- vouched for it); cleared when the address changes. Social log-in links only to verified addresses.
ALTER TABLE users ADD COLUMN email_verified_at DATETIME(6) NULL AFTER email;
