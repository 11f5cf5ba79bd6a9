//! The store's schema, as an append-only list of migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied. A migration is never edited
//! once released: a change is a new entry at the end. Every table is `STRICT`, every column
//! `NOT NULL` (with a default where an absent value has a natural one).

/// Migration `i` takes a database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

-- A folder of an account. POP3 accounts have a local INBOX (and the special folders
-- Facteur creates locally); IMAP folders mirror the server's mailboxes.
CREATE TABLE folders (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,            -- the server's name, decoded (UTF-8)
    delimiter     TEXT NOT NULL DEFAULT '/',
    special_use   TEXT NOT NULL DEFAULT '' CHECK (special_use IN
                    ('', 'inbox', 'drafts', 'sent', 'junk', 'trash', 'archive', 'all', 'flagged', 'outbox')),
    subscribed    INTEGER NOT NULL DEFAULT 1,
    uidvalidity   INTEGER NOT NULL DEFAULT 0,
    uidnext       INTEGER NOT NULL DEFAULT 0,
    highestmodseq INTEGER NOT NULL DEFAULT 0,
    total         INTEGER NOT NULL DEFAULT 0,
    unread        INTEGER NOT NULL DEFAULT 0,
    synced_at     INTEGER NOT NULL DEFAULT 0,  -- unix seconds of the last complete sync
    UNIQUE (account_id, name)
) STRICT;

-- One message's envelope and state. `uid` is the IMAP UID (a local counter for POP3).
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    folder_id       INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    uid             INTEGER NOT NULL,
    modseq          INTEGER NOT NULL DEFAULT 0,
    flags           INTEGER NOT NULL DEFAULT 0,   -- bit set, see store::Flags
    keywords        TEXT NOT NULL DEFAULT '',     -- other IMAP keywords, space separated
    message_id      TEXT NOT NULL DEFAULT '',
    in_reply_to     TEXT NOT NULL DEFAULT '',
    references_     TEXT NOT NULL DEFAULT '',
    thread_key      TEXT NOT NULL DEFAULT '',     -- the root Message-ID of the thread
    subject         TEXT NOT NULL DEFAULT '',
    from_name       TEXT NOT NULL DEFAULT '',
    from_addr       TEXT NOT NULL DEFAULT '',
    to_addrs        TEXT NOT NULL DEFAULT '',     -- "Name <addr>" joined by ", "
    cc_addrs        TEXT NOT NULL DEFAULT '',
    date            INTEGER NOT NULL DEFAULT 0,   -- Date: header, unix seconds
    internal_date   INTEGER NOT NULL DEFAULT 0,   -- arrival on the server, unix seconds
    size            INTEGER NOT NULL DEFAULT 0,
    has_attachments INTEGER NOT NULL DEFAULT 0,
    preview         TEXT NOT NULL DEFAULT '',
    UNIQUE (folder_id, uid)
) STRICT;
CREATE INDEX messages_by_date ON messages (folder_id, date DESC, id DESC);
CREATE INDEX messages_by_thread ON messages (thread_key);
CREATE INDEX messages_by_message_id ON messages (message_id);

-- The raw RFC 822 text, fetched on demand (or all, for offline accounts and POP3).
CREATE TABLE bodies (
    message_id  INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    raw         BLOB NOT NULL,
    fetched_at  INTEGER NOT NULL
) STRICT;

-- User actions taken while offline (or not yet confirmed), replayed in order (RFC 4549).
CREATE TABLE pending_actions (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN
                  ('add-flags', 'remove-flags', 'move', 'delete', 'expunge', 'append', 'create-folder', 'rename-folder', 'delete-folder')),
    folder      TEXT NOT NULL DEFAULT '',
    uids        TEXT NOT NULL DEFAULT '',      -- an IMAP sequence set of UIDs
    argument    TEXT NOT NULL DEFAULT '',      -- flags, a target folder, … as JSON
    created_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT ''
) STRICT;

-- Mail to send. A row is committed before any network I/O; `state` records how far it got.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    message_id      TEXT NOT NULL,
    envelope_from   TEXT NOT NULL,
    envelope_to     TEXT NOT NULL,          -- JSON array of addresses (Bcc included)
    raw             BLOB NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN
                      ('queued', 'sending', 'sent', 'failed', 'saved-to-sent')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

-- The POP3 messages already downloaded, by UIDL.
CREATE TABLE pop3_uidls (
    account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    uidl              TEXT NOT NULL,
    message_id        INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    downloaded_at     INTEGER NOT NULL,
    deleted_on_server INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, uidl)
) STRICT;

-- Full-text index; rowid = messages.id. Contentless: the text lives in messages and bodies.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    subject, addresses, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_forget AFTER DELETE ON messages BEGIN
    DELETE FROM messages_fts WHERE rowid = old.id;
END;
"#,
    // 2: folder counts (total, unread) read from an index instead of the rows.
    r#"
CREATE INDEX messages_by_flags ON messages (folder_id, flags);
"#,
    // 3: drafts, saved as the user writes.
    r#"
-- A message being written. `fields` is the composer's state as JSON (attachments aside);
-- each save is a new `revision`; `uploaded` is the revision now in the server's Drafts folder
-- (IMAP), as `server_uid` in `server_folder`; POP3 accounts keep a copy in the local Drafts
-- folder (`local_message`).
CREATE TABLE drafts (
    key           TEXT PRIMARY KEY,              -- chosen by the composer when it opens
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    fields        TEXT NOT NULL,
    message_id    TEXT NOT NULL,                 -- the same for every saved version
    revision      INTEGER NOT NULL DEFAULT 1,
    uploaded      INTEGER NOT NULL DEFAULT 0,
    server_folder TEXT NOT NULL DEFAULT '',
    server_uid    INTEGER NOT NULL DEFAULT 0,
    local_message INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX drafts_by_account ON drafts (account_id, updated_at DESC);

-- A draft's files (and forwarded messages), in order; `digest` spares rewriting an
-- unchanged file at every save.
CREATE TABLE draft_attachments (
    draft_key    TEXT NOT NULL REFERENCES drafts(key) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('file', 'forwarded')),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    digest       BLOB NOT NULL,
    data         BLOB NOT NULL,
    PRIMARY KEY (draft_key, position)
) STRICT;
"#,
    // 4: search indexing after the commit that makes a download safe.
    r#"
-- Messages stored whole whose text is not in the search index yet. A POP3 download commits
-- messages without indexing them, so that the server may delete its copy sooner; the engine
-- indexes them right after (and at the next start, after a crash).
CREATE TABLE search_pending (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE
) STRICT;
"#,
    // 5: conversations (store::threads).
    r#"
-- A conversation of an account; its id is what messages.conversation holds.
CREATE TABLE conversations (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE
) STRICT;
ALTER TABLE messages ADD COLUMN conversation INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_by_conversation ON messages (conversation, folder_id, date);

-- Every Message-ID an account has seen (its messages' own and those they reference) and
-- the conversation it belongs to.
CREATE TABLE thread_ids (
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    message_id   TEXT NOT NULL,
    conversation INTEGER NOT NULL,
    PRIMARY KEY (account_id, message_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX thread_ids_by_conversation ON thread_ids (conversation);

-- The latest conversation of each (reduced) subject, for replies without thread headers.
CREATE TABLE thread_subjects (
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    subject      TEXT NOT NULL,
    conversation INTEGER NOT NULL,
    newest       INTEGER NOT NULL,
    PRIMARY KEY (account_id, subject)
) STRICT, WITHOUT ROWID;
CREATE INDEX thread_subjects_by_conversation ON thread_subjects (conversation);

-- The conversations a folder holds, with the date of their newest message there: the
-- conversation list reads a page of it in index order.
CREATE TABLE folder_conversations (
    folder_id    INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    conversation INTEGER NOT NULL,
    newest       INTEGER NOT NULL,
    PRIMARY KEY (folder_id, conversation)
) STRICT, WITHOUT ROWID;
CREATE INDEX folder_conversations_by_date ON folder_conversations (folder_id, newest DESC, conversation DESC);

CREATE TRIGGER folder_conversations_join AFTER UPDATE OF conversation, folder_id, date ON messages
WHEN new.conversation != 0 BEGIN
    INSERT INTO folder_conversations (folder_id, conversation, newest)
    VALUES (new.folder_id, new.conversation, new.date)
    ON CONFLICT (folder_id, conversation) DO UPDATE SET newest = MAX(newest, excluded.newest);
END;
CREATE TRIGGER folder_conversations_leave AFTER UPDATE OF conversation, folder_id, date ON messages
WHEN old.conversation != 0 BEGIN
    DELETE FROM folder_conversations WHERE folder_id = old.folder_id AND conversation = old.conversation
        AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation = old.conversation AND folder_id = old.folder_id);
    UPDATE folder_conversations SET newest =
        (SELECT MAX(date) FROM messages WHERE conversation = old.conversation AND folder_id = old.folder_id)
    WHERE folder_id = old.folder_id AND conversation = old.conversation;
END;
CREATE TRIGGER folder_conversations_gone AFTER DELETE ON messages
WHEN old.conversation != 0 BEGIN
    DELETE FROM folder_conversations WHERE folder_id = old.folder_id AND conversation = old.conversation
        AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation = old.conversation AND folder_id = old.folder_id);
    UPDATE folder_conversations SET newest =
        (SELECT MAX(date) FROM messages WHERE conversation = old.conversation AND folder_id = old.folder_id)
    WHERE folder_id = old.folder_id AND conversation = old.conversation;
END;
"#,
];

/// What a migration needs beyond its SQL, run in its transaction after it: migration 5
/// threads the messages already stored.
pub(crate) fn after(version: u32, tx: &rusqlite::Transaction<'_>) -> Result<(), super::StoreError> {
    if version == 5 {
        super::threads::thread_all(tx)?;
    }
    Ok(())
}

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;
