-- VulnShop schema and seed data, loaded by the postgres container on first start.
-- DELIBERATELY INSECURE - for training, never deploy.
-- FAKE credential for scanner tests; not a real secret

CREATE TABLE users (
    id          SERIAL PRIMARY KEY,
    username    TEXT UNIQUE NOT NULL,
    -- INSECURE: passwords stored in plaintext (CWE-256)
    password    TEXT NOT NULL,
    email       TEXT UNIQUE,
    is_admin    BOOLEAN NOT NULL DEFAULT FALSE,
    reset_token TEXT
);

CREATE TABLE products (
    id    SERIAL PRIMARY KEY,
    name  TEXT NOT NULL,
    price NUMERIC(10, 2) NOT NULL
);

CREATE TABLE orders (
    id         SERIAL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity   INTEGER NOT NULL DEFAULT 1,
    address    TEXT
);

CREATE TABLE jobs (
    id      SERIAL PRIMARY KEY,
    payload BYTEA NOT NULL,
    done    BOOLEAN NOT NULL DEFAULT FALSE
);

-- INSECURE: default admin account with a well-known password (CWE-1392)
INSERT INTO users (username, password, email, is_admin)
VALUES ('admin', 'admin123', 'admin@example.com', TRUE);

INSERT INTO users (username, password, email)
VALUES ('alice', 'alice2020', 'alice@example.com');

INSERT INTO products (name, price) VALUES
    ('Rubber duck', 4.99),
    ('Padlock (decorative)', 12.50),
    ('Sticker pack', 2.00);

-- INSECURE: every role may read and change every table (CWE-732)
GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO PUBLIC;
