//! What the app remembers between launches (window size and panel sizes are
//! kept by eframe and egui themselves).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::core::view::Sort;

pub const STORAGE_KEY: &str = "corpusdesk.settings";
const MAX_RECENT: usize = 8;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub last_library: Option<PathBuf>,
    pub recent_libraries: Vec<PathBuf>,
    pub sort: Sort,
}

impl Settings {
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
