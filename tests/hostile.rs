//! One fixture folder with every kind of hostile or broken input a user's
//! disk can hold, imported in one go: each file is imported correctly or
//! rejected with a clear reason, the good files around them import, nothing
//! panics and nothing hangs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise
#![cfg(unix)]

mod support;

use std::collections::HashMap;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::{Duration, Instant};

use support::*;

/// The fixture: file name → what must happen (`Ok(text it contains)` or
/// `Err(words of the reason)`).
fn fixture(d: &Path) -> Vec<(String, Result<&'static str, &'static str>)> {
    let mut out = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>, expect| {
        write(&d.join(name), bytes);
        out.push((name.to_string(), expect));
    };
    add(
        "good.txt",
        b"A good story about the harvest.".to_vec(),
        Ok("good story"),
    );
    add("empty.txt", Vec::new(), Err("empty"));
    add("blank.txt", b" \n\t\n   ".to_vec(), Err("whitespace"));
    add(
        "nul.bin",
        b"abc\0\0\0\0def\0\x01\x02\0".to_vec(),
        Err("binary"),
    );
    // A UTF-8 text cut in the middle of a character: the text before it is kept.
    let mut cut = "Réunion à Genève".as_bytes().to_vec();
    cut.truncate(cut.len() - 1);
    add("truncated-utf8.txt", cut, Ok("Réunion à Gen"));
    let mut bom = vec![0xFF, 0xFE];
    bom.extend(
        "Texte en UTF-16 avec BOM."
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    add("utf16-bom.txt", bom, Ok("UTF-16 avec BOM"));
    let nobom: Vec<u8> = "Texte en UTF-16 sans BOM, assez long pour être reconnu."
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    add("utf16-nobom.txt", nobom, Ok("sans BOM"));
    add(
        "latin1.txt",
        encoding_rs::WINDOWS_1252
            .encode("Le ministre a déclaré à Genève.")
            .0
            .into_owned(),
        Ok("déclaré à Genève"),
    );
    // 5 MB on a single line.
    let mut line = b"Once upon a time ".repeat(5_000_000 / 17);
    line.extend_from_slice(b"the end");
    add("one-line.txt", line, Ok("Once upon a time"));
    add(
        "broken.jsonl",
        b"{\"text\": \"A whole row.\"}\n{\"text\": \"cut\n{}\nnot json at all\n".to_vec(),
        Ok("A whole row"),
    );
    add(
        "unbalanced.csv",
        b"title,text\nGood,\"A fine row.\"\nBad,\"an open quote that never ends\n".to_vec(),
        Ok("A fine row"),
    );
    // The new formats, broken: a gzip bomb (60 MB of zeros, over the 50 MB
    // limit once unpacked), a zip that is no archive, a mailbox cut short,
    // a page in an undeclared legacy encoding, a PDF of garbage.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &vec![0u8; 60_000_000]).unwrap();
    add("bomb.html.gz", gz.finish().unwrap(), Err("zip bomb"));
    add(
        "garbage.docx",
        b"PK\x03\x04\x14\x00garbage that is not a zip".to_vec(),
        Err("damaged"),
    );
    add(
        "cut.mbox",
        b"From a@b Tue Apr 25 10:00:00 2023\nFrom: a@b\nSubject: Whole\n\nA whole message.\n\nFrom c@d Wed Apr 26 10:00:00 2023\nFrom: c@d\nSubj".to_vec(),
        Ok("A whole message"),
    );
    add(
        "legacy.html",
        encoding_rs::WINDOWS_1252
            .encode("<html><body><p>La ministre a dit à Lausanne que les négociations reprendraient la semaine prochaine, malgré les désaccords persistants entre les délégations sur le calendrier.</p></body></html>")
            .0
            .into_owned(),
        Ok("négociations reprendraient"),
    );
    add(
        "garbage.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Pages /Kids [2 0 R] >> endobj trailer << /Root 1 0 R >>"
            .to_vec(),
        Err("damaged"),
    );
    out
}

#[test]
fn hostile_files_are_imported_or_rejected_with_reasons_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("in");
    let mut expect = fixture(&d);
    // 200 MB (sparse: no need to write it), over the size limit.
    let big = std::fs::File::create(d.join("huge.txt")).unwrap();
    big.set_len(200_000_000).unwrap();
    expect.push(("huge.txt".into(), Err("too large")));
    // A name that is not UTF-8.
    let odd = d.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    std::fs::write(&odd, "A file whose name is not UTF-8.").unwrap();
    // A FIFO (reading it would hang), a symlink loop, an unreadable file.
    let fifo = std::ffi::CString::new(d.join("pipe.txt").as_os_str().as_bytes()).unwrap();
    #[allow(unsafe_code)]
    // SAFETY: a valid NUL-terminated path.
    let made = unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) };
    assert_eq!(made, 0);
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::os::unix::fs::symlink(d.join("sub"), d.join("sub/loop")).unwrap();
    let locked = d.join("locked.txt");
    std::fs::write(&locked, "secret").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = std::fs::read(&locked).is_ok(); // root reads anything

    let (_l, lib) = temp_library();
    let started = Instant::now();
    let report = lib.import(std::slice::from_ref(&d)).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the import hung"
    );
    let reasons: HashMap<String, String> = report
        .errors
        .iter()
        .map(|e| {
            let name = Path::new(&e.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| e.path.clone());
            (name, e.reason.clone())
        })
        .collect();
    let conn = lib.reader().unwrap();
    for (name, outcome) in &expect {
        match outcome {
            Err(words) => {
                let reason = reasons
                    .get(name)
                    .unwrap_or_else(|| panic!("{name} not rejected: {reasons:?}"));
                assert!(reason.contains(words), "{name}: {reason}");
            }
            Ok(words) => {
                let hits: i64 = conn
                    .query_row(
                        "SELECT count(*) FROM documents WHERE instr(text, ?1) > 0",
                        [words],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(
                    hits, 1,
                    "{name} should be imported with {words:?}: {reasons:?}"
                );
            }
        }
    }
    // Rows of a broken JSONL / CSV are reported one by one.
    assert!(
        reasons.keys().any(|k| k.starts_with("broken.jsonl#")),
        "{reasons:?}"
    );
    assert!(
        reasons.keys().any(|k| k.starts_with("unbalanced.csv")),
        "{reasons:?}"
    );
    assert!(reasons.contains_key("pipe.txt"), "{reasons:?}");
    assert!(reasons.keys().any(|k| k.contains("loop")), "{reasons:?}");
    if !root {
        assert!(reasons.contains_key("locked.txt"), "{reasons:?}");
    }
    let odd_imported: i64 = conn
        .query_row(
            "SELECT count(*) FROM documents WHERE text LIKE 'A file whose name is not UTF-8.%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(odd_imported, 1);
    assert_consistent(lib.path());
    eprintln!(
        "{} hostile inputs: {} imported, {} rejected",
        expect.len() + 4,
        report.imported,
        report.errors.len()
    );
}
