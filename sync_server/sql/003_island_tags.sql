-- Island tags (docs/OFFICE.md): the letters a PC puts in the ticket numbers it issues on
-- its own while the office hub is out of reach ("AK005" beside the hub's "A005"), one per
-- device of an office, assigned at enrollment. Devices enrolled before get theirs here.
ALTER TABLE devices ADD COLUMN island_tag text;
UPDATE devices d SET island_tag = t.tag
  FROM (SELECT id, 'Z' || row_number() OVER (PARTITION BY office ORDER BY enrolled_at, id) AS tag
          FROM devices) t
 WHERE t.id = d.id;
CREATE UNIQUE INDEX devices_office_island_tag ON devices (office, island_tag);
