//! What the app tells the user after an action, and what it asks before a
//! destructive one.

use super::command::{Command, EditCommand};

/// What a finished write tells the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing worth a notice (a date typed in the reader).
    Quiet,
    /// A change that Undo takes back: "6,038 documents moved to the trash".
    Done(String),
    /// Undo took back the change with this journal label.
    Undid(String),
    /// Redo made the change with this journal label again.
    Redid(String),
    /// News without an undo ("the trash is empty").
    Info(String),
}

/// The step a toast offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastAction {
    Undo,
    Redo,
}

/// The notice after the latest bulk change, with its Undo (or Redo) button.
/// A newer change replaces it; it fades after [`Toast::SHOWN_FOR`].
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub action: ToastAction,
    /// When it was first drawn (egui time), to fade it.
    pub since: Option<f64>,
}

impl Toast {
    /// Seconds a toast stays up.
    pub const SHOWN_FOR: f64 = 20.0;

    pub fn after(outcome: Outcome) -> Option<Toast> {
        let (text, action) = match outcome {
            Outcome::Done(text) => (text, ToastAction::Undo),
            Outcome::Undid(label) => (format!("Undid: {label}"), ToastAction::Redo),
            Outcome::Redid(label) => (format!("Redid: {label}"), ToastAction::Undo),
            Outcome::Quiet | Outcome::Info(_) => return None,
        };
        Some(Toast {
            text,
            action,
            since: None,
        })
    }

    pub fn button(&self) -> (&'static str, Command) {
        match self.action {
            ToastAction::Undo => ("Undo", EditCommand::Undo.into()),
            ToastAction::Redo => ("Redo", EditCommand::Redo.into()),
        }
    }
}

/// A question before a destructive action: says what it touches and how
/// many; `then` runs (as confirmed) when the user says yes.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub title: String,
    pub body: String,
    /// The button that goes ahead ("Move to trash").
    pub yes: String,
    pub then: Command,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_toasts_offer_the_step_back() {
        let t = Toast::after(Outcome::Undid("tag 'politics' on 3 documents".into())).unwrap();
        assert_eq!(t.text, "Undid: tag 'politics' on 3 documents");
        assert_eq!(t.button().0, "Redo");
        let t = Toast::after(Outcome::Done("3 documents moved to the trash".into())).unwrap();
        assert_eq!(t.button(), ("Undo", EditCommand::Undo.into()));
        assert!(Toast::after(Outcome::Quiet).is_none());
        assert!(Toast::after(Outcome::Info("x".into())).is_none());
    }
}
