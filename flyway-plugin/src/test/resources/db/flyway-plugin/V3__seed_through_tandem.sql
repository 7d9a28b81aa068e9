INSERT INTO customer (id, email) VALUES (1, 'ann@example.com');
