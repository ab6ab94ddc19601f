//! Scanned documents: the OCR window (what waits, what could not be read
//! and why, whether Tesseract is here and the command that installs it,
//! the languages tried), and the languages section Settings shows.

use egui::{Context, RichText, ScrollArea, Ui};

use crate::core::counts::thousands;
use crate::core::ocr::run::OcrReport;
use crate::core::ocr::tools::{Tools, language_name};
use crate::core::store::scans::QueueCount;
use crate::gui::command::{Commands, OcrCommand};
use crate::gui::theme;

/// What the app knows of OCR here: found by a background look when a
/// library opens, after a run, and on "Look again".
#[derive(Debug, Clone, Default)]
pub struct Probe {
    pub tools: Tools,
    /// Tesseract's version line.
    pub version: Option<String>,
    /// The languages Tesseract has data for.
    pub installed: Vec<String>,
    /// The languages the library tries.
    pub chosen: Vec<String>,
    pub queue: QueueCount,
    /// Scans OCR could not read: path, why.
    pub failed: Vec<(String, String)>,
    /// Documents whose text came from OCR.
    pub documents: usize,
}

/// The OCR window's state.
#[derive(Debug, Default)]
pub struct OcrState {
    pub open: bool,
    /// `None` until the first look ended.
    pub probe: Option<Probe>,
    /// The last run's outcome.
    pub last: Option<OcrReport>,
    /// Why the last run could not start (Tesseract missing).
    pub refused: Option<String>,
}

impl OcrState {
    /// Scans waiting, as far as known.
    pub fn waiting(&self) -> usize {
        self.probe.as_ref().map_or(0, |p| p.queue.waiting)
    }

    /// What is missing to read the waiting scans, with the install command.
    pub fn missing(&self) -> Option<String> {
        self.probe.as_ref().and_then(|p| p.tools.missing(true))
    }

    /// Whether any document's text came from OCR.
    pub fn has_documents(&self) -> bool {
        self.probe.as_ref().is_some_and(|p| p.documents > 0)
    }
}

/// The "Scanned documents (OCR)" window. `running`: a run is under way.
pub fn window(ctx: &Context, state: &mut OcrState, running: bool, commands: &mut Commands) {
    if !state.open {
        return;
    }
    let mut open = true;
    egui::Window::new("Scanned documents (OCR)")
        .id(egui::Id::unique("ocr-window"))
        .open(&mut open)
        .collapsible(false)
        .resizable(true)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| body(ui, state, running, commands));
    if !open {
        state.open = false;
    }
}

fn body(ui: &mut Ui, state: &OcrState, running: bool, commands: &mut Commands) {
    let Some(probe) = &state.probe else {
        ui.label(RichText::new("Looking for Tesseract…").weak());
        return;
    };
    ui.label(
        RichText::new(
            "PDF pages without a text layer and images (PNG, JPEG, TIFF) are read by \
             Tesseract OCR; their documents come when their pages are read, dated and \
             titled like the rest, marked \"text from OCR\".",
        )
        .weak(),
    );
    ui.add_space(theme::SECTION_GAP);
    tools_status(ui, probe, commands);
    ui.add_space(theme::SECTION_GAP);
    let q = probe.queue;
    if q.waiting == 0 && !running {
        ui.label("No scan waits for OCR.");
    } else {
        ui.label(format!(
            "Waiting for OCR: {} ({} pages)",
            crate::core::counts::scans(q.waiting),
            thousands(q.pages)
        ));
    }
    ui.horizontal(|ui| {
        if running {
            ui.label(RichText::new("Reading… (progress in the status bar)").weak());
            if ui
                .button("Cancel")
                .on_hover_text("Stop; the pages read are kept and the rest is read next time")
                .clicked()
            {
                commands.push(OcrCommand::Cancel);
            }
        } else if q.waiting > 0 {
            let label = format!("Run OCR on {}", crate::core::counts::scans(q.waiting));
            let ready = q.waiting > 0 && probe.tools.tesseract.is_some();
            if ui
                .add_enabled(ready, egui::Button::new(label))
                .on_hover_text("Read the waiting scans in the background, pages side by side")
                .on_disabled_hover_text("Install Tesseract first (above)")
                .clicked()
            {
                commands.push(OcrCommand::Run { retry: false });
            }
        }
    });
    if !probe.failed.is_empty() {
        ui.add_space(theme::SECTION_GAP);
        ui.label(format!(
            "OCR could not read: {}",
            thousands(probe.failed.len())
        ));
        ScrollArea::vertical()
            .id_salt("ocr-failed")
            .max_height(140.0)
            .show(ui, |ui| {
                for (path, why) in &probe.failed {
                    ui.label(RichText::new(format!("{path}: {why}")).small());
                }
            });
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    !running && probe.tools.tesseract.is_some(),
                    egui::Button::new("Try again"),
                )
                .on_hover_text("Read these files again (after installing a language, say)")
                .clicked()
            {
                commands.push(OcrCommand::Run { retry: true });
            }
            if ui
                .add_enabled(!running, egui::Button::new("Remove from the queue"))
                .on_hover_text("Forget these files; import them again to retry")
                .clicked()
            {
                commands.push(OcrCommand::ForgetFailed);
            }
        });
    }
    if let Some(last) = &state.last {
        ui.add_space(theme::SECTION_GAP);
        ui.label(RichText::new(summary(last)).weak());
    }
    ui.add_space(theme::SECTION_GAP);
    languages(ui, probe, commands);
    ui.add_space(theme::SECTION_GAP);
    ui.horizontal(|ui| {
        if probe.documents > 0
            && ui
                .button(format!(
                    "Show text from OCR ({})",
                    thousands(probe.documents)
                ))
                .on_hover_text("List only the documents whose text was read by OCR")
                .clicked()
        {
            commands.push(OcrCommand::OnlyOcr(true));
        }
    });
}

/// Whether the programs are here; if not, the command that installs them.
pub fn tools_status(ui: &mut Ui, probe: &Probe, commands: &mut Commands) {
    match probe.tools.missing(true) {
        None => {
            let version = probe.version.clone().unwrap_or_else(|| "Tesseract".into());
            ui.label(format!("{version} and pdftoppm are installed"))
                .on_hover_text(
                    probe
                        .tools
                        .tesseract
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                );
        }
        Some(missing) => {
            let (what, command) = missing
                .split_once(crate::core::ocr::tools::INSTALL_WITH)
                .unwrap_or((missing.as_str(), ""));
            ui.label(RichText::new(format!("{what}.")).color(ui.visuals().warn_fg_color));
            ui.label("Install them with:");
            ui.horizontal_wrapped(|ui| {
                ui.add(egui::Label::new(RichText::new(command).monospace()).selectable(true));
                if ui
                    .small_button("Copy")
                    .on_hover_text("Copy the command")
                    .clicked()
                {
                    ui.ctx().copy_text(command.to_string());
                }
            });
            if ui
                .button("Look again")
                .on_hover_text("Look for Tesseract and pdftoppm again, once installed")
                .clicked()
            {
                commands.push(OcrCommand::LookAgain);
            }
        }
    }
}

/// The languages Tesseract has here, those tried ticked.
pub fn languages(ui: &mut Ui, probe: &Probe, commands: &mut Commands) {
    ui.label("Languages OCR tries").on_hover_text(
        "Pages are read with the ticked languages together; a page whose text is in one of \
         them other than the first is read again with that one first",
    );
    if probe.installed.is_empty() {
        ui.label(RichText::new("None installed yet").weak());
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for lang in &probe.installed {
            let mut on = probe.chosen.contains(lang);
            let last = on && probe.chosen.len() == 1;
            if ui
                .add_enabled(!last, egui::Checkbox::new(&mut on, language_name(lang)))
                .on_disabled_hover_text("At least one language is tried")
                .changed()
            {
                commands.push(OcrCommand::SetLanguage(lang.clone(), on));
            }
        }
    });
    ui.label(
        RichText::new("More languages: install their Tesseract package (tesseract-ocr-LANG)")
            .small()
            .weak(),
    );
}

/// One line on a run.
pub fn summary(r: &OcrReport) -> String {
    let mut s = format!(
        "Last run: {} read ({} pages by OCR, {} from earlier runs)",
        crate::core::counts::documents(r.documents),
        thousands(r.pages_read),
        thousands(r.pages_cached)
    );
    if !r.failed.is_empty() {
        s += &format!(", {} could not be read", thousands(r.failed.len()));
    }
    if r.cancelled {
        s += ", cancelled";
    }
    s
}
