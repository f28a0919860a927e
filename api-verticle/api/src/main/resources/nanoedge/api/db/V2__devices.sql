-- nanoedge API schema, version 2: registered devices (issue 10). No key material is stored: a device's pre-shared
-- key is derived from the site's device.key, its id and its generation (bumped on rotation).
CREATE TABLE devices (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  location VARCHAR(64) NOT NULL,
  label VARCHAR(100) NOT NULL DEFAULT '',
  generation INT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  rotated_at DATETIME(3) NULL,
  revoked_at DATETIME(3) NULL,
  KEY devices_location (location)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
