//! Compressed input, unpacked within the import size limit: a gzip file, or
//! one member of a zip archive. A member that unpacks past the limit (a zip
//! bomb) is refused before it fills memory, whatever its header claims.

use std::io::{Read, Seek};

use flate2::read::MultiGzDecoder;

use crate::core::counts::human_size;

/// Why an unpacked file is refused.
pub fn too_large(limit: u64) -> String {
    format!(
        "too large when unpacked: over the import limit of {} (a zip bomb?)",
        human_size(limit)
    )
}

/// Reads at most `limit` bytes from `reader`; `Err` if there are more.
pub fn read_bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, BoundedError> {
    let mut out = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(BoundedError::Broken)?;
    if out.len() as u64 > limit {
        return Err(BoundedError::TooLarge);
    }
    Ok(out)
}

#[derive(Debug)]
pub enum BoundedError {
    TooLarge,
    Broken(std::io::Error),
}

/// The contents of a gzip file.
pub fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    match read_bounded(MultiGzDecoder::new(bytes), limit) {
        Ok(out) => Ok(out),
        Err(BoundedError::TooLarge) => Err(too_large(limit)),
        Err(BoundedError::Broken(e)) => Err(format!("damaged gzip file ({e})")),
    }
}

/// One member of a zip archive, or `Ok(None)` when there is no such member.
pub fn zip_member<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Result<Option<Vec<u8>>, String> {
    let member = match archive.by_name(name) {
        Ok(m) => m,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(m))
            if m == zip::result::ZipError::PASSWORD_REQUIRED =>
        {
            return Err("password-protected".into());
        }
        Err(e) => return Err(format!("damaged archive ({e})")),
    };
    if member.encrypted() {
        return Err("password-protected".into());
    }
    if member.size() > limit {
        return Err(too_large(limit));
    }
    match read_bounded(member, limit) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(BoundedError::TooLarge) => Err(too_large(limit)),
        Err(BoundedError::Broken(e)) => {
            Err(format!("damaged archive: {name} cannot be read ({e})"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzip_within_and_over_the_limit() {
        assert_eq!(gunzip(&gz(b"hello"), 10).unwrap(), b"hello");
        // 10 MB of zeros packs to ~10 kB; with a 1 MB limit it is refused.
        let bomb = gz(&vec![0u8; 10_000_000]);
        assert!(bomb.len() < 100_000);
        assert!(gunzip(&bomb, 1_000_000).unwrap_err().contains("zip bomb"));
        let mut cut = gz(b"some text that is long enough to cut");
        cut.truncate(cut.len() - 12);
        assert!(gunzip(&cut, 1000).unwrap_err().starts_with("damaged gzip"));
    }
}
