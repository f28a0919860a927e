-- nanoedge API schema, version 1. Times are DATETIME(3) in UTC; ids of visits and journeys are made by the controller.
CREATE TABLE persons (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  email VARCHAR(200) NULL,
  created_at DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE rooms (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  location VARCHAR(64) NOT NULL,
  capacity INT NOT NULL,
  led_path TEXT NOT NULL,
  display_node VARCHAR(64) NULL,
  UNIQUE KEY rooms_location (location)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The entrance locations a room is reached from; authenticate looks rooms up by entrance.
CREATE TABLE room_entrances (
  room_id BIGINT NOT NULL,
  location VARCHAR(64) NOT NULL,
  PRIMARY KEY (room_id, location),
  KEY room_entrances_location (location),
  CONSTRAINT room_entrances_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Only the keyed hash of a tag is ever stored, never its raw id.
CREATE TABLE tags (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  hash CHAR(64) NOT NULL,
  person_id BIGINT NOT NULL,
  label VARCHAR(100) NOT NULL DEFAULT '',
  active BOOLEAN NOT NULL DEFAULT TRUE,
  UNIQUE KEY tags_hash (hash),
  KEY tags_person (person_id),
  CONSTRAINT tags_person FOREIGN KEY (person_id) REFERENCES persons (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  room_id BIGINT NOT NULL,
  starts_at DATETIME(3) NOT NULL,
  ends_at DATETIME(3) NOT NULL,
  host_id BIGINT NULL,
  state VARCHAR(16) NOT NULL,
  KEY events_room_time (room_id, starts_at, ends_at),
  CONSTRAINT events_room FOREIGN KEY (room_id) REFERENCES rooms (id),
  CONSTRAINT events_host FOREIGN KEY (host_id) REFERENCES persons (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE event_participants (
  event_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  PRIMARY KEY (event_id, person_id),
  KEY event_participants_person (person_id),
  CONSTRAINT event_participants_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
  CONSTRAINT event_participants_person FOREIGN KEY (person_id) REFERENCES persons (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE event_documents (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id BIGINT NOT NULL,
  name VARCHAR(200) NOT NULL,
  media_type VARCHAR(100) NOT NULL,
  size INT NOT NULL,
  data MEDIUMBLOB NOT NULL,
  created_at DATETIME(3) NOT NULL,
  KEY event_documents_event (event_id),
  CONSTRAINT event_documents_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Read side of the workflow: one row per visit / journey with its latest status (by sequence).
CREATE TABLE visits (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  status VARCHAR(32) NOT NULL,
  last_seq INT NOT NULL,
  location VARCHAR(64) NULL,
  person_id BIGINT NULL,
  event_id BIGINT NULL,
  room_id BIGINT NULL,
  guest_name VARCHAR(100) NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  KEY visits_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE journeys (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  visit_id VARCHAR(64) NOT NULL,
  status VARCHAR(32) NOT NULL,
  last_seq INT NOT NULL,
  location VARCHAR(64) NULL,
  person_id BIGINT NULL,
  event_id BIGINT NULL,
  room_id BIGINT NULL,
  guest_name VARCHAR(100) NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  KEY journeys_visit (visit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE status_log (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(8) NOT NULL,
  subject_id VARCHAR(64) NOT NULL,
  visit_id VARCHAR(64) NOT NULL,
  seq INT NOT NULL,
  status VARCHAR(32) NOT NULL,
  at DATETIME(3) NOT NULL,
  reason VARCHAR(500) NULL,
  data TEXT NOT NULL,
  UNIQUE KEY status_log_subject_seq (subject_id, seq),
  KEY status_log_visit (visit_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
