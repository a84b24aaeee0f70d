namespace ConnectJobs.Store;

/// <summary>The store's schema, one forward-only step per version. A store keeps two files so that a
/// long write to contact data (an import) never holds the lock that job definitions and run history
/// need: control.db (store identity; jobs, runs and logs as they arrive) and data.db (lists, tables
/// and their catalogue). Both files carry the same version, so both lists have the same length.
/// Never edit a released step; add the next one.</summary>
internal static partial class Migrations
{
    public static readonly IReadOnlyList<string> Control =
    [
        """
        CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO store_info (key, value) VALUES ('store_id', lower(hex(randomblob(16)))), ('created', strftime('%Y-%m-%d %H:%M:%f', 'now'));
        """,
        """
        CREATE TABLE job (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            kind TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            description TEXT NULL,
            settings TEXT NOT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE TABLE run (
            job_id INTEGER NOT NULL REFERENCES job(id) ON DELETE CASCADE,
            run_id INTEGER NOT NULL,
            status TEXT NOT NULL,
            started TEXT NOT NULL,
            ended TEXT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            pid_started TEXT NOT NULL,
            files TEXT NOT NULL DEFAULT '[]',
            rows_read INTEGER NOT NULL DEFAULT 0,
            inserted INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            reject_file TEXT NULL,
            error_id TEXT NULL,
            error TEXT NULL,
            PRIMARY KEY (job_id, run_id)
        ) WITHOUT ROWID;
        -- Two runs of one job never overlap, whichever processes start them.
        CREATE UNIQUE INDEX run_one_at_a_time ON run(job_id) WHERE status = 'Running';
        CREATE INDEX run_started ON run(started);
        CREATE TABLE run_log (
            job_id INTEGER NOT NULL,
            run_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            time TEXT NOT NULL,
            level TEXT NOT NULL,
            message TEXT NOT NULL,
            PRIMARY KEY (job_id, run_id, seq),
            FOREIGN KEY (job_id, run_id) REFERENCES run(job_id, run_id) ON DELETE CASCADE
        ) WITHOUT ROWID;
        """,
        """
        ALTER TABLE run ADD COLUMN rows_written INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE run ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE run ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
        -- Where an incremental export got to: the next run exports what changed after it.
        ALTER TABLE run ADD COLUMN watermark TEXT NULL;
        -- Servers jobs read from and deliver to. The secret (password or key passphrase) is encrypted
        -- with a key outside the store; host keys are the pinned fingerprints, as JSON.
        CREATE TABLE connection (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            protocol TEXT NOT NULL,
            host TEXT NOT NULL,
            port INTEGER NOT NULL,
            base_directory TEXT NOT NULL,
            user TEXT NOT NULL,
            authentication TEXT NOT NULL,
            private_key_file TEXT NULL,
            secret TEXT NULL,
            host_keys TEXT NOT NULL DEFAULT '[]',
            timeout_seconds INTEGER NOT NULL,
            retry_count INTEGER NOT NULL,
            retry_delay_ms INTEGER NOT NULL,
            upload_directly INTEGER NOT NULL,
            description TEXT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        -- Every file a job took in or delivered: an import never takes the same file twice.
        CREATE TABLE ledger (
            id INTEGER PRIMARY KEY,
            direction TEXT NOT NULL,
            connection TEXT NULL,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            last_write TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            job_id INTEGER NOT NULL REFERENCES job(id) ON DELETE CASCADE,
            run_id INTEGER NOT NULL,
            time TEXT NOT NULL
        );
        CREATE INDEX ledger_file ON ledger(path, size, sha256);
        """,
        """
        -- Each file a run looked at with its outcome, as JSON (a failed run's too).
        ALTER TABLE run ADD COLUMN file_results TEXT NULL;
        -- A job's own secret (an import job's decryption key passphrase), encrypted as connection
        -- secrets are; never in the settings JSON.
        ALTER TABLE job ADD COLUMN secret TEXT NULL;
        -- An import run's merge stamps (JSON): what a filter against the latest load selects by.
        ALTER TABLE run ADD COLUMN load_stamps TEXT NULL;
        """,
        """
        -- An import job's read-and-merge choices move under "Options" (the record Import-ConnectRecord
        -- shares); the job's own fields (where files come from and go, when, into which target) stay.
        UPDATE job SET settings = json_set(
            json_remove(settings, '$.Format', '$.Rules', '$.Mapping', '$.MatchColumns', '$.OnMatch', '$.OnNoMatch',
                '$.ReplaceAll', '$.InsertIntoList', '$.Remove', '$.FailIfEmpty', '$.ExpectedHeader'),
            '$.Options', json_remove(settings, '$.RunTimeout', '$.RunLimit', '$.Connection', '$.SourceDirectory', '$.FilePattern',
                '$.SettlingTime', '$.Settling', '$.ProcessMissedFiles', '$.TargetList', '$.TargetTable', '$.AutoExtensionTableDays',
                '$.CountFile', '$.ArchiveFolder', '$.FailedFolder'))
        WHERE kind = 'Import' AND json_type(settings, '$.Options') IS NULL;
        -- An export job's file-writing choices likewise (the record Export-ConnectRecord shares).
        UPDATE job SET settings = json_set(
            json_remove(settings, '$.Format', '$.Protection', '$.Compression', '$.Encryption'),
            '$.Options', json_object('Format', settings -> '$.Format', 'Protection', settings -> '$.Protection',
                'Compression', settings -> '$.Compression', 'Encryption', settings -> '$.Encryption'))
        WHERE kind = 'Export' AND json_type(settings, '$.Options') IS NULL;
        """,
        """
        -- A job's schedule (JSON; null: on demand) and when it next falls due (UTC), which the tick
        -- moves on in the write lock as it claims the slot: one run per slot, however many ticks.
        ALTER TABLE job ADD COLUMN schedule TEXT NULL;
        ALTER TABLE job ADD COLUMN next_run TEXT NULL;
        CREATE INDEX job_next_run ON job(next_run) WHERE next_run IS NOT NULL;
        """,
        """
        -- Stop-ConnectJob's request to the process running the run (which looks every few seconds).
        ALTER TABLE run ADD COLUMN stop_requested TEXT NULL;
        """,
        """
        -- Job groups: import jobs run one after another, in order; a job is in one group at most.
        CREATE TABLE job_group (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            enabled INTEGER NOT NULL,
            description TEXT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE TABLE group_member (
            group_id INTEGER NOT NULL REFERENCES job_group(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            job_id INTEGER NOT NULL UNIQUE REFERENCES job(id) ON DELETE CASCADE,
            PRIMARY KEY (group_id, position)
        ) WITHOUT ROWID;
        -- A group's runs (their member runs as JobID.RunID, '-' before a member not run); one Running at a time.
        CREATE TABLE group_run (
            group_id INTEGER NOT NULL REFERENCES job_group(id) ON DELETE CASCADE,
            run_id INTEGER NOT NULL,
            status TEXT NOT NULL,
            started TEXT NOT NULL,
            ended TEXT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            pid_started TEXT NOT NULL,
            members TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (group_id, run_id)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX group_run_one_at_a_time ON group_run(group_id) WHERE status = 'Running';
        """,
        """
        -- A group's schedule and next run, as a job's (version 6).
        ALTER TABLE job_group ADD COLUMN schedule TEXT NULL;
        ALTER TABLE job_group ADD COLUMN next_run TEXT NULL;
        """,
        """
        -- The last expected-by instant (UTC) the tick checked a job's file against: once per day.
        ALTER TABLE job ADD COLUMN late_checked TEXT NULL;
        """,
        """
        -- A group's notification and follow-up (GroupSettings, JSON).
        ALTER TABLE job_group ADD COLUMN settings TEXT NULL;
        """,

        // Version 12 changed only data.db (the event store).
        "",
        """
        -- Where each event feed got to, per event type: the last sequence number its delivered file held.
        CREATE TABLE feed_position (
            job_id INTEGER NOT NULL REFERENCES job(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (job_id, type)
        ) WITHOUT ROWID;
        """,
        """
        -- When the run's runner last said it is still working: a run of another host whose lease was
        -- not renewed in time is dead (a store that several runner hosts share).
        ALTER TABLE run ADD COLUMN renewed TEXT NULL;
        ALTER TABLE group_run ADD COLUMN renewed TEXT NULL;
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

        // Version 2 changed only control.db (jobs and runs).
        "",
        """
        -- The store's write clock: every transaction that stamps MODIFIED_DATE_ takes its stamp from
        -- here, later than any stamp before it, while it holds the write lock. An export reads the
        -- clock in the same snapshot as the rows, so "changed after the last export" is exact even
        -- while an import is writing.
        CREATE TABLE cj_clock (id INTEGER PRIMARY KEY CHECK (id = 1), stamp TEXT NOT NULL);
        -- Extension tables made for a campaign can expire: the store deletes them when it opens after that.
        ALTER TABLE cj_target ADD COLUMN expires TEXT NULL;
        INSERT INTO cj_clock (id, stamp) VALUES (1, strftime('%Y-%m-%d %H:%M:%f', 'now'));
        -- Contact events the store records itself (opt-ins and opt-outs when an import changes a
        -- record's permission status); event feeds export them.
        CREATE TABLE cj_event (
            id INTEGER PRIMARY KEY,
            list_id INTEGER NOT NULL REFERENCES cj_target(id) ON DELETE CASCADE,
            riid INTEGER NOT NULL,
            type TEXT NOT NULL,
            time TEXT NOT NULL,
            source TEXT NULL
        );
        CREATE INDEX cj_event_time ON cj_event(time);
        CREATE TABLE cj_filter (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            list_id INTEGER NOT NULL REFERENCES cj_target(id) ON DELETE CASCADE,
            description TEXT NULL,
            script TEXT NOT NULL,
            expression TEXT NOT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        """,

        // Version 4 changed only control.db (runs).
        "",

        // Version 5 changed only control.db (import job settings).
        "",

        // Version 6 changed only control.db (schedules).
        "",

        // Version 7 changed only control.db (stop requests).
        "",

        // Version 8 changed only control.db (groups).
        "",

        // Version 9 changed only control.db (group schedules).
        "",

        // Version 10 changed only control.db (late-file checks).
        "",

        // Version 11 changed only control.db (group settings).
        "",

        """
        -- The event store: every event (the sending platform's and the store's own), one per row.
        -- seq is the ingestion sequence that feeds export by: AUTOINCREMENT, so that a number is
        -- never given twice, even after the newest events were purged. An event id is stored once.
        CREATE TABLE cj_event_new (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT NULL,
            type TEXT NOT NULL,
            channel TEXT NOT NULL,
            captured TEXT NOT NULL,
            stored TEXT NOT NULL,
            riid INTEGER NULL,
            customer_id TEXT NULL,
            email TEXT NULL,
            mobile TEXT NULL,
            list TEXT NULL,
            campaign_id TEXT NULL,
            campaign_name TEXT NULL,
            external_campaign_id TEXT NULL,
            launch_id TEXT NULL,
            message_id TEXT NULL,
            mailing_type TEXT NULL,
            subject TEXT NULL,
            url TEXT NULL,
            url_description TEXT NULL,
            bounce_type TEXT NULL,
            bounce_reason TEXT NULL,
            device_os TEXT NULL,
            browser TEXT NULL,
            browser_type TEXT NULL,
            user_agent TEXT NULL,
            message_size INTEGER NULL,
            custom_type TEXT NULL,
            properties TEXT NULL,
            source TEXT NULL
        );
        -- The opt-ins and opt-outs imports recorded move in, in their order.
        INSERT INTO cj_event_new (seq, type, channel, captured, stored, riid, list, source)
            SELECT e.id, e.type, 'Email', e.time, e.time, e.riid, l.name, e.source FROM cj_event AS e JOIN cj_target AS l ON l.id = e.list_id ORDER BY e.id;
        DROP TABLE cj_event;
        ALTER TABLE cj_event_new RENAME TO cj_event;
        -- The one index: events are appended, and each index would cost every append. Feeds read
        -- by seq (the table's own order: a run with nothing new reads nothing), reports and the purge
        -- by time scan the table.
        CREATE UNIQUE INDEX cj_event_id ON cj_event(event_id) WHERE event_id IS NOT NULL;
        """,

        // Version 13 changed only control.db (feed positions).
        "",

        // Version 14 changed only control.db (run leases).
        "",
    ];

    public static int Latest => Control.Count;
}
