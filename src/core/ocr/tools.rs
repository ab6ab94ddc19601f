//! The programs OCR runs: `tesseract` (reads an image) and `pdftoppm`
//! (poppler: renders a PDF page to an image). Found on the `PATH` and in
//! the places their installers put them (a window started from the Dock or
//! the Start menu may not see the shell's `PATH`); the languages Tesseract
//! has data for; the exact command that installs them on this system; and
//! running one of them with a time limit and Cancel.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Between what is missing and the command in [`Tools::missing`].
pub const INSTALL_WITH: &str = "; install with: ";

/// The OCR programs found, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tools {
    pub tesseract: Option<PathBuf>,
    pub pdftoppm: Option<PathBuf>,
}

/// Where installers put the programs, besides the `PATH` (Homebrew's,
/// the Windows installer's; on Linux the session's `PATH` has them).
const KNOWN_DIRS: &[&str] = if cfg!(target_os = "macos") {
    &["/opt/homebrew/bin", "/usr/local/bin"]
} else if cfg!(windows) {
    &[
        r"C:\Program Files\Tesseract-OCR",
        r"C:\Program Files (x86)\Tesseract-OCR",
    ]
} else {
    &[]
};

impl Tools {
    /// Looks on this process's `PATH` and in the installers' folders.
    pub fn find() -> Tools {
        let dirs = std::env::var_os("PATH").unwrap_or_default();
        let mut all: Vec<PathBuf> = std::env::split_paths(&dirs).collect();
        all.extend(KNOWN_DIRS.iter().map(PathBuf::from));
        Tools::find_in(&std::env::join_paths(all).unwrap_or(dirs))
    }

    /// Looks in the folders of a `PATH`-like list only.
    pub fn find_in(path: &OsStr) -> Tools {
        Tools {
            tesseract: which("tesseract", path),
            pdftoppm: which("pdftoppm", path),
        }
    }

    /// What is missing to read scans of this kind (`pdf`: a page must be
    /// rendered first), as a sentence with the command that installs it.
    pub fn missing(&self, pdf: bool) -> Option<String> {
        let what = match (self.tesseract.is_none(), pdf && self.pdftoppm.is_none()) {
            (false, false) => return None,
            (true, true) => "Tesseract OCR and poppler (pdftoppm) are not installed",
            (true, false) => "Tesseract OCR is not installed",
            (false, true) => "poppler (pdftoppm, which renders PDF pages for OCR) is not installed",
        };
        Some(format!("{what}{INSTALL_WITH}{}", install_command()))
    }

    /// The languages Tesseract has data for (`eng`, `deu`…, without `osd`).
    pub fn languages(&self) -> Vec<String> {
        let Some(tesseract) = &self.tesseract else {
            return Vec::new();
        };
        let Ok(out) = Command::new(tesseract)
            .arg("--list-langs")
            .stdin(Stdio::null())
            .output()
        else {
            return Vec::new();
        };
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        let mut langs: Vec<String> = text
            .lines()
            .skip_while(|l| !l.starts_with("List of available languages"))
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty() && *l != "osd" && !l.contains(' '))
            .map(str::to_string)
            .collect();
        langs.sort();
        langs.dedup();
        langs
    }

    /// Tesseract's version line (`tesseract 5.3.0`).
    pub fn version(&self) -> Option<String> {
        let out = Command::new(self.tesseract.as_ref()?)
            .arg("--version")
            .stdin(Stdio::null())
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        text.lines().next().map(|l| l.trim().to_string())
    }
}

fn which(program: &str, path: &OsStr) -> Option<PathBuf> {
    let names: Vec<OsString> = if cfg!(windows) {
        vec![format!("{program}.exe").into(), program.into()]
    } else {
        vec![program.into()]
    };
    std::env::split_paths(path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// The command that installs Tesseract (with English) and poppler here.
pub fn install_command() -> String {
    if cfg!(target_os = "macos") {
        return "brew install tesseract tesseract-lang poppler".into();
    }
    if cfg!(windows) {
        return "winget install UB-Mannheim.TesseractOCR oschwartz10612.Poppler".into();
    }
    let release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    install_command_for(&release)
}

/// The Linux command for a distribution, from its `/etc/os-release`.
pub fn install_command_for(os_release: &str) -> String {
    let ids: String = os_release
        .lines()
        .filter(|l| l.starts_with("ID=") || l.starts_with("ID_LIKE="))
        .map(|l| l.split_once('=').map_or("", |(_, v)| v).trim_matches('"'))
        .collect::<Vec<_>>()
        .join(" ");
    let has = |id: &str| ids.split_whitespace().any(|i| i == id);
    if has("debian") || has("ubuntu") {
        "sudo apt install tesseract-ocr tesseract-ocr-eng poppler-utils".into()
    } else if has("fedora") || has("rhel") || has("centos") {
        "sudo dnf install tesseract tesseract-langpack-eng poppler-utils".into()
    } else if has("arch") {
        "sudo pacman -S tesseract tesseract-data-eng poppler".into()
    } else if has("suse") || has("opensuse") {
        "sudo zypper install tesseract-ocr tesseract-ocr-traineddata-english poppler-tools".into()
    } else if has("alpine") {
        "sudo apk add tesseract-ocr tesseract-ocr-data-eng poppler-utils".into()
    } else {
        "install Tesseract OCR and poppler (pdftoppm) with your package manager, \
         e.g. sudo apt install tesseract-ocr tesseract-ocr-eng poppler-utils"
            .into()
    }
}

/// The languages to try by default: English and the system's, where
/// Tesseract has data for them.
pub fn default_languages(installed: &[String]) -> Vec<String> {
    let mut langs = Vec::new();
    let system = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty() && v != "C" && v != "POSIX");
    for code in ["eng".to_string()]
        .into_iter()
        .chain(system.and_then(|s| tesseract_code(&s[..s.len().min(2)]).map(str::to_string)))
    {
        if installed.contains(&code) && !langs.contains(&code) {
            langs.push(code);
        }
    }
    if langs.is_empty() {
        langs.extend(installed.first().cloned());
    }
    langs
}

/// ISO 639-1 → Tesseract's (ISO 639-2/T) code for the common languages.
const CODES: &[(&str, &str, &str)] = &[
    ("en", "eng", "English"),
    ("de", "deu", "German"),
    ("fr", "fra", "French"),
    ("es", "spa", "Spanish"),
    ("it", "ita", "Italian"),
    ("pt", "por", "Portuguese"),
    ("nl", "nld", "Dutch"),
    ("sv", "swe", "Swedish"),
    ("da", "dan", "Danish"),
    ("no", "nor", "Norwegian"),
    ("fi", "fin", "Finnish"),
    ("pl", "pol", "Polish"),
    ("cs", "ces", "Czech"),
    ("hu", "hun", "Hungarian"),
    ("ro", "ron", "Romanian"),
    ("el", "ell", "Greek"),
    ("ru", "rus", "Russian"),
    ("uk", "ukr", "Ukrainian"),
    ("tr", "tur", "Turkish"),
    ("ar", "ara", "Arabic"),
    ("he", "heb", "Hebrew"),
    ("fa", "fas", "Persian"),
    ("hi", "hin", "Hindi"),
    ("zh", "chi_sim", "Chinese (simplified)"),
    ("ja", "jpn", "Japanese"),
    ("ko", "kor", "Korean"),
];

/// Tesseract's code for an ISO 639-1 language (`de` → `deu`).
pub fn tesseract_code(iso: &str) -> Option<&'static str> {
    CODES.iter().find(|(i, _, _)| *i == iso).map(|(_, t, _)| *t)
}

/// A language code as the user reads it (`deu` → "German (deu)").
pub fn language_name(code: &str) -> String {
    match CODES.iter().find(|(_, t, _)| *t == code) {
        Some((_, _, name)) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

/// How a program run ended badly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    Cancelled,
    TimedOut,
    /// It could not start, or failed: what it said.
    Failed(String),
}

/// Runs `cmd` to its end, killing it on Cancel or after `limit`. Its
/// output goes where `cmd` sends it (files: no pipe to fill); what it
/// printed on stderr is kept for the error.
pub fn run(cmd: Command, limit: Duration, cancel: &AtomicBool) -> Result<(), RunError> {
    run_watching(cmd, limit, cancel, &mut |_| {})
}

/// [`run`], handing each line the program prints on stderr to `on_line`
/// as it comes (Tesseract says `Page 2` as it starts a TIFF's second page).
pub fn run_watching(
    mut cmd: Command,
    limit: Duration,
    cancel: &AtomicBool,
    on_line: &mut dyn FnMut(&str),
) -> Result<(), RunError> {
    use std::io::{Read, Seek, SeekFrom};
    let failed = |e: std::io::Error| RunError::Failed(e.to_string());
    // The child writes through a handle of its own; this one reads behind
    // it at its own offset.
    let err_file = tempfile::NamedTempFile::new().map_err(failed)?;
    let mut reader = err_file.reopen().map_err(failed)?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err_file.reopen().map_err(failed)?)
        .spawn()
        .map_err(|e| RunError::Failed(format!("could not start: {e}")))?;
    let start = Instant::now();
    let (mut said, mut seen) = (String::new(), 0usize);
    let mut follow = |said: &mut String, seen: &mut usize, reader: &mut std::fs::File| {
        // At most 64 kB of what it says is kept: enough for the lines
        // that matter, bounded whatever it prints.
        if said.len() < 64_000 {
            let _ = reader.seek(SeekFrom::Start(said.len() as u64));
            let _ = reader.take(64_000).read_to_string(said);
        }
        while let Some(end) = said[*seen..].find('\n') {
            on_line(said[*seen..*seen + end].trim());
            *seen += end + 1;
        }
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => return Err(RunError::Failed(e.to_string())),
        }
        follow(&mut said, &mut seen, &mut reader);
        let cancelled = cancel.load(Ordering::Relaxed);
        if cancelled || start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(if cancelled {
                RunError::Cancelled
            } else {
                RunError::TimedOut
            });
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    follow(&mut said, &mut seen, &mut reader);
    if status.success() {
        return Ok(());
    }
    let said = said
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("Estimating resolution") && !l.starts_with("Page ")
        })
        .take(3)
        .collect::<Vec<_>>()
        .join("; ");
    Err(RunError::Failed(if said.is_empty() {
        format!("exit status {status}")
    } else {
        said
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_commands_fit_the_system() {
        let debian = "PRETTY_NAME=\"Debian GNU/Linux 12\"\nID=debian\n";
        assert!(install_command_for(debian).starts_with("sudo apt install tesseract-ocr"));
        assert!(install_command_for("ID=linuxmint\nID_LIKE=\"ubuntu debian\"").contains("apt"));
        assert!(install_command_for("ID=fedora").contains("dnf"));
        assert!(install_command_for("ID=arch").contains("pacman"));
        assert!(install_command_for("").contains("package manager"));
    }

    #[test]
    fn nothing_on_an_empty_path() {
        let tools = Tools::find_in(OsStr::new(""));
        assert_eq!(tools, Tools::default());
        assert!(tools.missing(true).unwrap().contains(INSTALL_WITH));
        assert!(tools.languages().is_empty());
        assert_eq!(language_name("deu"), "German (deu)");
        assert_eq!(default_languages(&["deu".into()]), vec!["deu".to_string()]);
    }
}
