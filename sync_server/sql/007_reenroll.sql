-- A PC re-enrolled under a new device id (docs/SYNC.md, "Re-enrolling a restored PC"):
-- the old device keeps its events and stops pushing; replaced_by names its successor.
ALTER TABLE devices ADD COLUMN replaced_by text REFERENCES devices (id);
