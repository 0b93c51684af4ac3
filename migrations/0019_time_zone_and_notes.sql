-- A member's time zone (IANA name, e.g. `Europe/London`), chosen in the profile; NULL = the site's
-- `display_timezone` (Asia/Seoul as shipped). Times are stored in UTC; this only decides how they are shown
-- and how a listing's custom deadline is read.
ALTER TABLE users ADD COLUMN time_zone VARCHAR(64) NULL;

-- A notification's words as data (`i18n::Note`, JSON), so each member reads it in the language they use
-- the site in at the time; `message` keeps the Korean text for rows written before and for API clients.
ALTER TABLE notifications ADD COLUMN note TEXT NULL;
