namespace ConnectJobs.Store;

/// <summary>The store's schema, one forward-only step per version. A store keeps two files so that a
/// long write to contact data (an import) never holds the lock that job definitions and run history
/// need: control.db (store identity; jobs, runs and logs as they arrive) and data.db (lists, tables
/// and their catalogue). Both files carry the same version, so both lists have the same length.
/// Never edit a released step; add the next one.</summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<string> Control =
    [
        """
        CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO store_info (key, value) VALUES ('store_id', lower(hex(randomblob(16)))), ('created', strftime('%Y-%m-%d %H:%M:%f', 'now'));
        """,
    ];

    public static readonly IReadOnlyList<string> Data =
    [
        """
        CREATE TABLE cj_target (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            kind TEXT NOT NULL,
            list_id INTEGER NULL REFERENCES cj_target(id),
            description TEXT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE TABLE cj_column (
            target_id INTEGER NOT NULL REFERENCES cj_target(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            name TEXT NOT NULL COLLATE NOCASE,
            type TEXT NOT NULL,
            max_length INTEGER NULL,
            is_system INTEGER NOT NULL,
            key_ordinal INTEGER NULL,
            PRIMARY KEY (target_id, name)
        ) WITHOUT ROWID;
        """,
    ];

    public static int Latest => Control.Count;
}
