//! The queue of changes the search index has not taken in yet: the
//! triggers fill it (schema), the index sync reads it, and trims it here
//! once the index holds them.

use std::time::Duration;

use rusqlite::Connection;

/// Drops queue entries the index holds. Best effort: a library another
/// process keeps busy just keeps its entries until the next sync.
pub fn trim(conn: &Connection, upto: i64) {
    let Some(path) = conn.path().filter(|p| !p.is_empty()) else {
        return;
    };
    // Nothing is written into a damaged library, not even this.
    if super::health::known_damaged(std::path::Path::new(path)) {
        return;
    }
    let result = (|| -> rusqlite::Result<()> {
        let rw = Connection::open(path)?;
        rw.busy_timeout(Duration::from_secs(2))?;
        rw.execute("DELETE FROM search_queue WHERE seq <= ?1", [upto])?;
        Ok(())
    })();
    if let Err(e) = result {
        tracing::debug!("search queue not trimmed: {e}");
    }
}
