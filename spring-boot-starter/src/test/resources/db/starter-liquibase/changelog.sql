--liquibase formatted sql

--changeset tandem:1
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100));

--changeset tandem:2
INSERT INTO customer (id, email) VALUES (8, 'liquibase@example.com');
