CREATE VIEW customer_email AS SELECT id, email FROM customer;
