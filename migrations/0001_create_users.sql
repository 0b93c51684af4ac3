-- Accounts. Public identity is nickname + avatar; e-mail, phone, name and hash never leave the server.
-- utf8mb4_unicode_ci makes the unique e-mail and nickname keys case-insensitive on MariaDB and MySQL alike.
CREATE TABLE users (
    id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    email              VARCHAR(254)    NOT NULL,
    nickname           VARCHAR(20)     NOT NULL,
    real_name          VARCHAR(50)     NOT NULL,
    phone_e164         VARCHAR(16)         NULL,
    phone_verified_at  DATETIME(6)         NULL,
    password_hash      VARCHAR(255)        NULL,
    college            VARCHAR(100)        NULL,
    student_verified   BOOLEAN         NOT NULL DEFAULT FALSE,
    role               VARCHAR(16)     NOT NULL DEFAULT 'member',
    bio                TEXT                NULL,
    avatar_key         VARCHAR(255)        NULL,
    created_at         DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at         DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_users_email (email),
    UNIQUE KEY uq_users_nickname (nickname),
    UNIQUE KEY uq_users_phone (phone_e164),
    CONSTRAINT ck_users_role CHECK (role IN ('member', 'admin'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
