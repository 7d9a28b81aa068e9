-- The expand migration of rules-examples/customer-email-rename.yaml and product-price-type-change.yaml.
ALTER TABLE customer ADD COLUMN email_address VARCHAR(320);
ALTER TABLE product ADD COLUMN price NUMERIC(12, 2);
