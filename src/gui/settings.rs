//! What the app remembers between launches (window size and panel sizes are
//! kept by eframe and egui themselves).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::core::view::Sort;

pub const STORAGE_KEY: &str = "corpusdesk.settings";
const MAX_RECENT: usize = 8;

/// Light, dark, or as the system is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub last_library: Option<PathBuf>,
    pub recent_libraries: Vec<PathBuf>,
    pub sort: Sort,
    pub theme: ThemeChoice,
    /// Zoom of the whole interface (1.0 = as designed).
    pub ui_scale: f32,
    /// Files larger than this are not imported, in MB.
    pub import_max_mb: u64,
    /// The duplicate threshold a library starts with.
    pub dedup_threshold: f64,
    /// Tag imported documents with their folder (relative to the folder
    /// imported).
    pub tag_folders: bool,
    /// Metadata fields shown as table columns, in order, for libraries
    /// without a column set of their own (from earlier versions).
    pub meta_columns: Vec<String>,
    /// Built-in columns hidden, likewise.
    pub hidden_columns: Vec<String>,
    /// Each library's columns, by the library file's path: a Lexis
    /// library shows Journal code, a web crawl URL.
    pub library_columns: std::collections::BTreeMap<String, ColumnSet>,
    /// Automatic backups each library keeps (written into the library, so
    /// the CLI keeps the same number).
    pub backups_kept: usize,
    /// The name coded passages and memos are signed with.
    pub coder: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            last_library: None,
            recent_libraries: Vec::new(),
            sort: Sort::default(),
            theme: ThemeChoice::System,
            ui_scale: 1.0,
            import_max_mb: crate::core::import::DEFAULT_MAX_FILE_SIZE / 1_000_000,
            dedup_threshold: crate::core::dedup::DEFAULT_THRESHOLD,
            tag_folders: false,
            meta_columns: Vec::new(),
            hidden_columns: Vec::new(),
            library_columns: Default::default(),
            backups_kept: crate::core::store::backups::DEFAULT_KEEP,
            coder: default_coder(),
        }
    }
}

/// The login name, until the user sets a coder name in Settings.
pub fn default_coder() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
}

pub const UI_SCALES: std::ops::RangeInclusive<f32> = 0.75..=2.0;

/// The table's columns for one library.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ColumnSet {
    /// Metadata fields shown, in order.
    pub meta: Vec<String>,
    /// Built-in columns hidden ("Copies", "Date source"…).
    pub hidden: Vec<String>,
}

/// Built-in columns hidden until asked for.
const HIDDEN_AT_FIRST: &[&str] = &["Date source"];

impl Settings {
    /// The columns `library` shows (its own set, else the defaults).
    pub fn columns(&self, library: &std::path::Path) -> ColumnSet {
        self.library_columns
            .get(&library.to_string_lossy().into_owned())
            .cloned()
            .unwrap_or_else(|| {
                let mut hidden = self.hidden_columns.clone();
                hidden.extend(HIDDEN_AT_FIRST.iter().map(|s| s.to_string()));
                ColumnSet {
                    meta: self.meta_columns.clone(),
                    hidden,
                }
            })
    }

    /// The column set of `library`, to change (made from the defaults on
    /// first use).
    pub fn columns_mut(&mut self, library: &std::path::Path) -> &mut ColumnSet {
        let set = self.columns(library);
        self.library_columns
            .entry(library.to_string_lossy().into_owned())
            .or_insert(set)
    }

    pub fn load(storage: Option<&dyn eframe::Storage>) -> Settings {
        storage
            .and_then(|s| s.get_string(STORAGE_KEY))
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        if let Ok(json) = serde_json::to_string(self) {
            storage.set_string(STORAGE_KEY, json);
        }
    }

    /// Remembers `path` as the last and most recent library.
    pub fn opened(&mut self, path: PathBuf) {
        self.recent_libraries.retain(|p| p != &path);
        self.recent_libraries.insert(0, path.clone());
        self.recent_libraries.truncate(MAX_RECENT);
        self.last_library = Some(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::Storage as _;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Memory(HashMap<String, String>);

    impl eframe::Storage for Memory {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_string(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn libraries_and_sort_are_remembered() {
        let mut s = Settings::default();
        for i in 0..10 {
            s.opened(PathBuf::from(format!("/l/{i}.corpusdesk")));
        }
        s.opened(PathBuf::from("/l/3.corpusdesk"));
        s.sort.descending = true;
        let mut storage = Memory::default();
        s.save(&mut storage);
        let back = Settings::load(Some(&storage));
        assert_eq!(back.last_library, Some(PathBuf::from("/l/3.corpusdesk")));
        assert_eq!(back.recent_libraries.len(), MAX_RECENT);
        assert_eq!(back.recent_libraries[0], PathBuf::from("/l/3.corpusdesk"));
        assert_eq!(
            back.recent_libraries
                .iter()
                .filter(|p| p.ends_with("3.corpusdesk"))
                .count(),
            1
        );
        assert!(back.sort.descending);
        // Garbage in storage is ignored, not fatal.
        storage.set_string(STORAGE_KEY, "{not json".into());
        assert!(Settings::load(Some(&storage)).last_library.is_none());
    }
}
