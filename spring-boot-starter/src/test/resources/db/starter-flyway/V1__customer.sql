CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100));
INSERT INTO customer (id, email) VALUES (7, 'flyway@example.com');
