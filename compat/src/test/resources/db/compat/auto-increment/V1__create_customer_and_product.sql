-- The application's tables before the migration: only the old columns (email, price_cents).
CREATE TABLE customer (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(100),
  version INT DEFAULT 0 NOT NULL
);
CREATE TABLE product (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  price_cents INT,
  version INT DEFAULT 0 NOT NULL
);
