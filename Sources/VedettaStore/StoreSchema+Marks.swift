import GRDB

extension StoreSchema {
    /// v3: operators' marks on incidents (a false positive, with a note), kept apart from the engine's
    /// revisions so a replay that rewrites incidents never erases a person's judgement.
    static func registerMarks(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-marks") { db in
            try db.execute(sql: """
                CREATE TABLE incident_marks (
                    incident TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    note TEXT,
                    marked_by TEXT,
                    marked_at INTEGER NOT NULL,
                    PRIMARY KEY (incident, kind)
                ) WITHOUT ROWID;
                """)
        }
    }
}
