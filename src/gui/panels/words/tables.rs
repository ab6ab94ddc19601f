//! The Frequencies, Keywords and Collocations tabs: a table each, whose
//! words open their concordance.

use egui::{RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::{FreqOrder, Reference, WordsState, WordsView, error_line, run_bar};
use crate::core::counts::thousands;
use crate::core::words::freq;
use crate::gui::command::{Commands, WordsCommand};
use crate::gui::theme;

pub(super) fn frequencies(
    ui: &mut Ui,
    state: &mut WordsState,
    running: Option<(usize, usize)>,
    commands: &mut Commands,
) {
    ui.horizontal_wrapped(|ui| {
        // Run comes first: it stays in sight on a narrow window.
        run_bar(ui, running, commands);
        let l = ui.label("Count");
        egui::ComboBox::from_id_salt("freq-ngram")
            .selected_text(ngram_label(state.ngram))
            .show_ui(ui, |ui| {
                for n in 1..=4 {
                    ui.selectable_value(&mut state.ngram, n, ngram_label(n));
                }
            })
            .response
            .labelled_by(l.id);
        ui.checkbox(&mut state.stem, "Stem words")
            .on_hover_text("Count words by their Snowball stem, in each document's language: talks, talked → talk");
        ui.checkbox(&mut state.stopwords, "Leave out stop words")
            .on_hover_text("NLTK's lists for the main languages in view (an n-gram that starts or ends with one)");
        if let Some(list) = &state.freq {
            ui.label(format!(
                "{} different, {} in all, in {}",
                thousands(list.rows.len()),
                thousands(list.tokens as usize),
                crate::core::counts::documents(list.documents)
            ));
        }
    });
    error_line(ui, &state.error);
    let Some(list) = &state.freq else {
        empty_hint(
            ui,
            running,
            "Run to count every word (or 2–4-word sequence) in the documents in view.",
        );
        return;
    };
    if list.max_undercount > 0 {
        undercount_note(ui, list.max_undercount);
    }
    // Sorted in place once per change of order, not every frame: a list of
    // n-grams can hold millions of rows.
    let order = state.freq_order;
    if state.freq_sorted != order
        && let Some(list) = &mut state.freq
    {
        sort_rows(&mut list.rows, order);
        state.freq_sorted = order;
    }
    let Some(list) = &state.freq else {
        return;
    };
    let rows = &list.rows;
    let mut order = order;
    let mut open: Option<String> = None;
    TableBuilder::new(ui)
        .id_salt("freq")
        .striped(true)
        .column(Column::initial(44.0))
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::initial(70.0))
        .column(Column::initial(80.0))
        .column(Column::initial(80.0))
        .header(theme::HEADER_HEIGHT, |mut h| {
            h.col(|ui| {
                ui.strong("Rank");
            });
            for (label, o) in [
                ("Word", FreqOrder::Term),
                ("Count", FreqOrder::Count),
                ("Documents", FreqOrder::Documents),
            ] {
                h.col(|ui| {
                    // The bundled fonts have no arrows: the order in force is underlined.
                    let text = if order == o {
                        RichText::new(label).strong().underline()
                    } else {
                        RichText::new(label).strong()
                    };
                    if ui
                        .add(egui::Button::new(text).frame(false))
                        .on_hover_text(format!("Sort by {}", label.to_lowercase()))
                        .clicked()
                    {
                        order = o;
                    }
                });
            }
            h.col(|ui| {
                ui.strong("Per million");
            });
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT, rows.len(), |mut row| {
                let i = row.index();
                let r = &rows[i];
                row.col(|ui| {
                    ui.label(RichText::new(thousands(i + 1)).weak());
                });
                row.col(|ui| {
                    if ui
                        .add(egui::Label::new(&r.term).sense(Sense::click()))
                        .on_hover_text("Show its concordance")
                        .clicked()
                    {
                        open = Some(r.term.clone());
                    }
                });
                row.col(|ui| {
                    ui.label(thousands(r.count as usize));
                });
                row.col(|ui| {
                    ui.label(thousands(r.documents as usize));
                });
                row.col(|ui| {
                    ui.label(crate::core::counts::decimal(r.per_million, 1));
                });
            });
        });
    state.freq_order = order;
    if let Some(term) = open {
        // A stem stands for the words that begin with it.
        let pattern = if state.freq_stemmed && !term.contains(' ') {
            format!("{term}*")
        } else {
            quote(&term)
        };
        commands.push(WordsCommand::ConcordanceOf(pattern));
    }
}

fn sort_rows(rows: &mut [freq::FreqRow], order: FreqOrder) {
    match order {
        FreqOrder::Count => {
            rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)))
        }
        FreqOrder::Documents => rows.sort_by(|a, b| {
            b.documents
                .cmp(&a.documents)
                .then(b.count.cmp(&a.count))
                .then_with(|| a.term.cmp(&b.term))
        }),
        FreqOrder::Term => rows.sort_by(|a, b| a.term.cmp(&b.term)),
    }
}

/// Counts dropped to stay within memory, said once above the table.
fn undercount_note(ui: &mut Ui, max: u64) {
    ui.label(
        RichText::new(format!(
            "So many different terms that the rarest were dropped while counting, to stay within memory: \
             a count may be low by up to {max}, and a term seen {max} times or fewer may be missing."
        ))
        .small()
        .weak(),
    );
}

/// A term as a concordance pattern: n-grams become phrases.
fn quote(term: &str) -> String {
    if term.contains(' ') {
        format!("\"{term}\"")
    } else {
        term.to_string()
    }
}

fn ngram_label(n: usize) -> &'static str {
    match n {
        1 => "Words",
        2 => "2-word sequences",
        3 => "3-word sequences",
        _ => "4-word sequences",
    }
}

fn empty_hint(ui: &mut Ui, running: Option<(usize, usize)>, text: &str) {
    if running.is_none() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new(text).weak());
        });
    }
}

pub(super) fn keywords(
    ui: &mut Ui,
    state: &mut WordsState,
    v: &WordsView,
    running: Option<(usize, usize)>,
    commands: &mut Commands,
) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Against");
        let current = match &state.reference {
            Reference::RestOfLibrary => "The rest of the library".to_string(),
            Reference::Tag(_, name) => format!("Tag {name}"),
            Reference::Saved(name, _) => format!("Saved search {name}"),
        };
        egui::ComboBox::from_id_salt("keywords-reference")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    &mut state.reference,
                    Reference::RestOfLibrary,
                    "The rest of the library",
                );
                for t in v.tags {
                    ui.selectable_value(
                        &mut state.reference,
                        Reference::Tag(t.id, t.name.clone()),
                        format!("Tag {}", t.name),
                    );
                }
                if !v.saved.is_empty() {
                    ui.separator();
                }
                for s in v.saved {
                    ui.selectable_value(
                        &mut state.reference,
                        Reference::Saved(s.name.clone(), s.filter.clone()),
                        format!("Saved search {}", s.name),
                    );
                }
            })
            .response
            .labelled_by(l.id);
        run_bar(ui, running, commands);
    });
    error_line(ui, &state.error);
    let Some(k) = &state.keywords else {
        empty_hint(
            ui,
            running,
            "Run to find the words over-represented in the documents in view (log-likelihood, p < 0.01, with the log ratio).",
        );
        return;
    };
    ui.label(
        RichText::new(format!(
            "{} ({} words) against {} ({} words); significant at p < 0.01 (LL ≥ 6.63), at least 3 times",
            crate::core::counts::documents(k.target_documents),
            thousands(k.target_tokens as usize),
            crate::core::counts::documents(k.reference_documents),
            thousands(k.reference_tokens as usize)
        ))
        .weak(),
    );
    if k.max_undercount > 0 {
        undercount_note(ui, k.max_undercount);
    }
    let open = term_table(
        ui,
        "keywords",
        [
            ("Word", "Click a word for its concordance"),
            ("Here", "Count in the documents in view"),
            ("Reference", "Count in the reference"),
            ("Log-likelihood", "How sure the difference is (G2)"),
            (
                "Log ratio",
                "How big it is: log2 of the ratio of relative frequencies",
            ),
        ],
        "Show its concordance",
        k.rows.len(),
        |i| {
            let r = &k.rows[i];
            (
                r.term.as_str(),
                [
                    thousands(r.target as usize),
                    thousands(r.reference as usize),
                    crate::core::counts::decimal(r.log_likelihood, 1),
                    format!("{:.2}", r.log_ratio),
                ],
            )
        },
    );
    if let Some(term) = open {
        commands.push(WordsCommand::ConcordanceOf(term));
    }
}

pub(super) fn collocations(
    ui: &mut Ui,
    state: &mut WordsState,
    running: Option<(usize, usize)>,
    commands: &mut Commands,
) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Node");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut state.node)
                    .hint_text("a word or prefix*")
                    .desired_width(180.0),
            )
            .labelled_by(l.id);
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            commands.push(WordsCommand::Run);
        }
        run_bar(ui, running, commands);
        let l = ui.label("Window ±");
        ui.add(
            egui::DragValue::new(&mut state.window)
                .range(1..=10)
                .suffix(" words"),
        )
        .labelled_by(l.id);
        let l = ui.label("At least");
        ui.add(
            egui::DragValue::new(&mut state.min)
                .range(1..=1000)
                .suffix("×"),
        )
        .labelled_by(l.id);
        if ui
            .checkbox(&mut state.colloc_stopwords, "Leave out stop words")
            .on_hover_text("Function words (the, he, was) of the documents' languages sit next to every word; leave them out")
            .changed()
        {
            commands.push(WordsCommand::Run);
        }
    });
    error_line(ui, &state.error);
    let Some(c) = &state.collocates else {
        empty_hint(
            ui,
            running,
            "Type a node word and press Enter: the words found near it more often than chance (log-Dice, MI).",
        );
        return;
    };
    ui.label(
        RichText::new(format!(
            "{} occurs {} times; {} words in all; window ±{}",
            c.node,
            thousands(c.node_frequency as usize),
            thousands(c.tokens as usize),
            c.window
        ))
        .weak(),
    );
    let open = term_table(
        ui,
        "collocates",
        [
            ("Collocate", "Click for the concordance of the pair"),
            ("Together", "Times within the window of the node"),
            ("Frequency", "Times in the documents in view"),
            ("log-Dice", "14 + log2(2·together / (node + collocate))"),
            (
                "MI",
                "log2(together / expected), expected = node·collocate·span / words",
            ),
        ],
        "Show the lines with both",
        c.rows.len(),
        |i| {
            let r = &c.rows[i];
            (
                r.term.as_str(),
                [
                    thousands(r.together as usize),
                    thousands(r.frequency as usize),
                    format!("{:.2}", r.log_dice),
                    format!("{:.2}", r.mi),
                ],
            )
        },
    );
    if let Some(term) = open {
        commands.push(WordsCommand::Pair {
            node: state.node.clone(),
            collocate: term,
        });
    }
}

/// A table of terms with four figures each (keywords, collocations): the
/// term is clickable; returns the one clicked.
fn term_table<'a>(
    ui: &mut Ui,
    id: &str,
    headers: [(&str, &str); 5],
    hover: &str,
    len: usize,
    cells: impl Fn(usize) -> (&'a str, [String; 4]),
) -> Option<String> {
    let mut open = None;
    TableBuilder::new(ui)
        .id_salt(id)
        .striped(true)
        .column(Column::remainder().at_least(100.0).clip(true))
        .columns(Column::initial(76.0).clip(true), 4)
        .header(theme::HEADER_HEIGHT, |mut h| {
            for (label, tip) in headers {
                h.col(|ui| {
                    ui.strong(label).on_hover_text(tip);
                });
            }
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT, len, |mut row| {
                let (term, figures) = cells(row.index());
                row.col(|ui| {
                    if ui
                        .add(egui::Label::new(term).sense(Sense::click()))
                        .on_hover_text(hover)
                        .clicked()
                    {
                        open = Some(term.to_string());
                    }
                });
                for f in figures {
                    row.col(|ui| {
                        ui.label(f);
                    });
                }
            });
        });
    open
}
