import GRDB

/// Versioned migrations of `vedetta.db`. Append new migrations; never edit a shipped one.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-events") { db in
            // seq is the log position: the engine consumes events in seq order, and checkpoints name a seq.
            try db.execute(sql: """
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    ticket TEXT NOT NULL,
                    type TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX events_at ON events(at);
                CREATE INDEX events_ticket ON events(ticket);
                CREATE TABLE checkpoints (
                    name TEXT PRIMARY KEY,
                    seq INTEGER NOT NULL,
                    state BLOB NOT NULL,
                    checksum TEXT NOT NULL,
                    written_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-incidents-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE incident_revisions (
                    id TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    service TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (id, revision)
                );
                CREATE INDEX incident_revisions_at ON incident_revisions(at);
                CREATE TABLE incidents (
                    id TEXT PRIMARY KEY,
                    revision INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    service TEXT NOT NULL,
                    owner TEXT,
                    first_seen INTEGER NOT NULL,
                    opened_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    resolved_at INTEGER,
                    body TEXT NOT NULL
                );
                CREATE INDEX incidents_opened ON incidents(opened_at);
                CREATE TABLE incident_tickets (
                    incident TEXT NOT NULL,
                    ticket TEXT NOT NULL,
                    PRIMARY KEY (incident, ticket)
                ) WITHOUT ROWID;
                -- One row per effect to deliver (an alert file, a mail) with a deterministic key: a replay after
                -- a crash inserts the same keys again and INSERT OR IGNORE keeps the first.
                CREATE TABLE outbox (
                    key TEXT PRIMARY KEY,
                    channel TEXT NOT NULL,
                    office TEXT NOT NULL,
                    incident TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER NOT NULL,
                    last_error TEXT,
                    delivered_at INTEGER,
                    payload TEXT NOT NULL
                );
                CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
                CREATE TABLE assignments (
                    ticket TEXT PRIMARY KEY,
                    cluster TEXT NOT NULL,
                    at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX assignments_cluster ON assignments(cluster);
                CREATE TABLE clusters (
                    id TEXT PRIMARY KEY,
                    label TEXT NOT NULL,
                    service TEXT,
                    tickets INTEGER NOT NULL,
                    requesters INTEGER NOT NULL,
                    first_seen INTEGER NOT NULL,
                    last_seen INTEGER NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX clusters_last_seen ON clusters(last_seen);
                """)
        }
        registerMarks(&migrator)
        // v4: a mail's thread headers name the revisions mailed before to the same office.
        migrator.registerMigration("v4-outbox-thread") { db in
            try db.execute(sql: "CREATE INDEX outbox_incident_office ON outbox(incident, office, channel, revision)")
        }
        // v5: a mail row sent inside a digest names the digest, so later mails of its thread name the message the
        // office received. Rows digested before stay NULL and are named by their own Message-ID, as then.
        migrator.registerMigration("v5-outbox-digest") { db in
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN digest TEXT")
        }
        return migrator
    }
}
