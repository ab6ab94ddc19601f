//! Which side panels are open (View menu, Ctrl+B, Ctrl+Shift+B).

/// The side panels the user has open. On a narrow window the reader also
/// steps aside while nothing is selected, so the table keeps its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub side_panel: bool,
    pub reader: bool,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            side_panel: true,
            reader: true,
        }
    }
}
