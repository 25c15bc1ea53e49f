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
        return migrator
    }
}
