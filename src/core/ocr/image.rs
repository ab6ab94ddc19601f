//! What an image file is before anything decodes it: PNG, JPEG or TIFF,
//! how many pages (a TIFF's frames) and how many pixels, from the headers
//! alone. A decompression bomb (a small file that claims 30,000 × 30,000
//! pixels) is refused here, before Tesseract would allocate it.

use crate::core::counts::thousands;

/// Pixels in one page above which an image is not read (a broadsheet page
/// at 600 dpi is about 70 million; a 30,000 × 30,000 bomb 900 million).
pub const MAX_PIXELS: u64 = 100_000_000;

/// Frames a TIFF may hold.
pub const MAX_PAGES: u32 = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Tiff,
}

impl ImageKind {
    pub fn name(self) -> &'static str {
        match self {
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Tiff => "TIFF",
        }
    }
}

/// An image's kind, page count and its largest page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub kind: ImageKind,
    pub pages: u32,
    pub width: u32,
    pub height: u32,
}

impl ImageInfo {
    /// Refuses an image too large to read.
    pub fn check(&self) -> Result<(), String> {
        let pixels = self.width as u64 * self.height as u64;
        if pixels > MAX_PIXELS {
            return Err(format!(
                "image too large to read: {} × {} pixels (the limit is {} million pixels per page)",
                thousands(self.width as usize),
                thousands(self.height as usize),
                MAX_PIXELS / 1_000_000
            ));
        }
        if self.width == 0 || self.height == 0 {
            return Err(format!(
                "damaged {} image: it has no pixels",
                self.kind.name()
            ));
        }
        Ok(())
    }
}

/// The kind of image `bytes` start with.
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
        || bytes.starts_with(b"II+\0")
        || bytes.starts_with(b"MM\0+")
    {
        Some(ImageKind::Tiff)
    } else {
        None
    }
}

/// Reads an image's headers.
pub fn info(bytes: &[u8]) -> Result<ImageInfo, String> {
    let kind = sniff(bytes).ok_or("not a PNG, JPEG or TIFF image")?;
    let damaged = |why: &str| format!("damaged {} image: {why}", kind.name());
    let (pages, width, height) = match kind {
        ImageKind::Png => {
            if bytes.get(12..16) != Some(b"IHDR") {
                return Err(damaged("no image header"));
            }
            (1, be32(bytes, 16).ok_or_else(|| damaged("truncated"))?, {
                be32(bytes, 20).ok_or_else(|| damaged("truncated"))?
            })
        }
        ImageKind::Jpeg => {
            let (w, h) = jpeg_size(bytes).ok_or_else(|| damaged("no frame header"))?;
            (1, w, h)
        }
        ImageKind::Tiff => tiff_pages(bytes).map_err(damaged)?,
    };
    Ok(ImageInfo {
        kind,
        pages,
        width,
        height,
    })
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The first frame header's size (SOF0–SOF15 but DHT, JPG and DAC).
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if (0xD0..=0xD9).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        if len < 2 {
            return None;
        }
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let h = u16::from_be_bytes([*b.get(i + 5)?, *b.get(i + 6)?]) as u32;
            let w = u16::from_be_bytes([*b.get(i + 7)?, *b.get(i + 8)?]) as u32;
            return Some((w, h));
        }
        i += 2 + len;
    }
    None
}

/// A TIFF's frames and its largest one, walking the chain of image file
/// directories (a loop or an offset out of the file is damage).
fn tiff_pages(b: &[u8]) -> Result<(u32, u32, u32), &'static str> {
    if b[2] == 43 || b[3] == 43 {
        return Err("BigTIFF is not supported (save it as an ordinary TIFF)");
    }
    let little = b[0] == b'I';
    let u16_at = |at: usize| -> Option<u32> {
        let s: [u8; 2] = b.get(at..at + 2)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(s)
        } else {
            u16::from_be_bytes(s)
        } as u32)
    };
    let u32_at = |at: usize| -> Option<u32> {
        let s: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(s)
        } else {
            u32::from_be_bytes(s)
        })
    };
    let mut offset = u32_at(4).ok_or("truncated")? as usize;
    let (mut pages, mut best, mut best_px) = (0u32, (0, 0), 0u64);
    let mut seen = std::collections::HashSet::new();
    while offset != 0 {
        if !seen.insert(offset) {
            return Err("its pages point at each other");
        }
        if pages >= MAX_PAGES {
            return Err("more than 5,000 pages");
        }
        let n = u16_at(offset).ok_or("truncated")? as usize;
        let (mut w, mut h) = (0, 0);
        for e in 0..n {
            let at = offset + 2 + 12 * e;
            let tag = u16_at(at).ok_or("truncated")?;
            let kind = u16_at(at + 2).ok_or("truncated")?;
            let value = if kind == 3 {
                u16_at(at + 8)
            } else {
                u32_at(at + 8)
            }
            .ok_or("truncated")?;
            match tag {
                256 => w = value,
                257 => h = value,
                _ => {}
            }
        }
        pages += 1;
        let px = w as u64 * h as u64;
        if px >= best_px {
            (best, best_px) = ((w, h), px);
        }
        offset = u32_at(offset + 2 + 12 * n).ok_or("truncated")? as usize;
    }
    if pages == 0 {
        return Err("no pages");
    }
    Ok((pages, best.0, best.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 0, 0, 0, 0]);
        b
    }

    fn tiff(sizes: &[(u32, u32)]) -> Vec<u8> {
        let mut b = b"II*\0".to_vec();
        b.extend(8u32.to_le_bytes());
        for (i, (w, h)) in sizes.iter().enumerate() {
            b.extend(2u16.to_le_bytes());
            for (tag, v) in [(256u16, *w), (257, *h)] {
                b.extend(tag.to_le_bytes());
                b.extend(4u16.to_le_bytes());
                b.extend(1u32.to_le_bytes());
                b.extend(v.to_le_bytes());
            }
            let next = if i + 1 < sizes.len() {
                b.len() as u32 + 4
            } else {
                0
            };
            b.extend(next.to_le_bytes());
        }
        b
    }

    #[test]
    fn headers_give_kind_pages_and_size() {
        let i = info(&png(2480, 3508)).unwrap();
        assert_eq!(
            (i.kind, i.pages, i.width, i.height),
            (ImageKind::Png, 1, 2480, 3508)
        );
        assert!(i.check().is_ok());
        let t = info(&tiff(&[(100, 200), (3000, 4000), (10, 10)])).unwrap();
        assert_eq!((t.pages, t.width, t.height), (3, 3000, 4000));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x01, 0x2C, 0x02, 0x58, 1, 0,
        ];
        let j = info(&jpeg).unwrap();
        assert_eq!((j.width, j.height), (600, 300));
    }

    #[test]
    fn a_bomb_and_damage_are_refused_with_a_reason() {
        let bomb = info(&png(30_000, 30_000)).unwrap().check().unwrap_err();
        assert!(bomb.contains("30,000 × 30,000"), "{bomb}");
        assert!(
            info(b"\x89PNG\r\n\x1a\n\0\0")
                .unwrap_err()
                .contains("damaged PNG")
        );
        let mut looped = tiff(&[(10, 10)]);
        let at = looped.len() - 4;
        looped[at..].copy_from_slice(&8u32.to_le_bytes());
        assert!(info(&looped).unwrap_err().contains("point at each other"));
        assert!(info(&tiff(&[(40_000, 40_000)])).unwrap().check().is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_an_answer(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
                                    head in 0usize..4) {
            let starts: [&[u8]; 4] = [b"\x89PNG\r\n\x1a\n", &[0xFF, 0xD8, 0xFF], b"II*\0", b"MM\0*"];
            let mut bytes = starts[head].to_vec();
            bytes.extend(tail);
            let _ = info(&bytes).and_then(|i| i.check());
        }
    }
}
