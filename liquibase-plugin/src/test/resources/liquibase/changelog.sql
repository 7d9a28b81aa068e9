--liquibase formatted sql

--changeset tandem:1
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100));

--changeset tandem:2
ALTER TABLE customer ADD email_address VARCHAR(100);

--changeset tandem:3
INSERT INTO customer (id, email) VALUES (1, 'ann@example.com');

--changeset tandem:4
CREATE VIEW customer_email AS SELECT id, email FROM customer;
