-- The expand migration of the move customer-email (email -> email_address).
ALTER TABLE customer ADD email_address VARCHAR(100);
