-- nanoedge API schema, version 3: the host console (issue 13). Accounts sign in with a password (only its BCrypt
-- hash is stored); a host account acts for one person (the host_id of their events), an admin account for everyone.
CREATE TABLE accounts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  password_hash VARCHAR(100) NOT NULL,
  role VARCHAR(8) NOT NULL,
  person_id BIGINT NULL,
  created_at DATETIME(3) NOT NULL,
  UNIQUE KEY accounts_username (username),
  CONSTRAINT accounts_person FOREIGN KEY (person_id) REFERENCES persons (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A signed-in browser. Only the SHA-256 of the session cookie's value is stored, so a copy of this table (a backup)
-- signs nobody in; the CSRF token is the synchronizer token the console sends back in X-CSRF-Token.
CREATE TABLE sessions (
  id_hash CHAR(64) NOT NULL PRIMARY KEY,
  account_id BIGINT NOT NULL,
  csrf_token CHAR(43) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  last_seen_at DATETIME(3) NOT NULL,
  KEY sessions_account (account_id),
  KEY sessions_expires (expires_at),
  CONSTRAINT sessions_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Meeting templates: what booking from one fills in (title, length, lead time, documents to present, guests).
CREATE TABLE templates (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  title VARCHAR(200) NOT NULL,
  duration_minutes INT NOT NULL,
  lead_minutes INT NOT NULL,
  documents TEXT NOT NULL,
  guests_allowed BOOLEAN NOT NULL,
  description VARCHAR(500) NULL,
  UNIQUE KEY templates_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Guests a host expects without a tag (by name): the console offers them when the host admits a pending visit.
CREATE TABLE event_guests (
  event_id BIGINT NOT NULL,
  name VARCHAR(100) NOT NULL,
  PRIMARY KEY (event_id, name),
  CONSTRAINT event_guests_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
