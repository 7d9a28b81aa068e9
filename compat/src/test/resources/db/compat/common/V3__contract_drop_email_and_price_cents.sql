-- The contract migration: run while both moves are in contract, with old application versions still up.
ALTER TABLE customer DROP COLUMN email;
ALTER TABLE product DROP COLUMN price_cents;
