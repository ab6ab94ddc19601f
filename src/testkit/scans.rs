//! Scanned PDFs for the OCR tests and benchmark: pages that are only an
//! image, no text layer, as a scanner writes them.
#![allow(clippy::expect_used)] // test and benchmark support stops at the first surprise

use lopdf::{Document as Pdf, Object, Stream, dictionary};

/// A PDF of `pages` pages, each showing the page image of the one-page scan
/// `source` (its bytes), or, without one, a blank 8 × 8 image on a small
/// page (a scan to count pages with, quick to read).
pub fn scanned_pdf(pages: usize, source: Option<&[u8]>) -> Vec<u8> {
    let (media, content, name, image) = match source {
        Some(bytes) => page_of(bytes),
        None => (
            Object::Array(vec![0.into(), 0.into(), 100.into(), 100.into()]),
            b"q 100 0 0 100 0 0 cm /Im0 Do Q".to_vec(),
            b"Im0".to_vec(),
            Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image", "Width" => 8, "Height" => 8,
                    "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
                },
                vec![255u8; 64],
            ),
        ),
    };
    let mut doc = Pdf::with_version("1.4");
    let pages_id = doc.new_object_id();
    let image_id = doc.add_object(image);
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let kids: Vec<Object> = (0..pages)
        .map(|_| {
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "MediaBox" => media.clone(),
                "Contents" => content_id,
                "Resources" => dictionary! { "XObject" => dictionary! { name.clone() => image_id } },
            })
            .into()
        })
        .collect();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => pages as i64 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("a PDF in memory");
    out
}

/// The first page's media box, content, image name and image of a scan.
fn page_of(bytes: &[u8]) -> (Object, Vec<u8>, Vec<u8>, Stream) {
    let src = Pdf::load_mem(bytes).expect("a readable PDF");
    let (_, page_id) = src.get_pages().into_iter().next().expect("a page");
    let media = src
        .get_dictionary(page_id)
        .and_then(|p| p.get(b"MediaBox"))
        .expect("a media box")
        .clone();
    let content = src.get_page_content(page_id).expect("its content");
    let (res, _) = src.get_page_resources(page_id).expect("its resources");
    let xobjects = res
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|x| x.as_dict().ok())
        .expect("an image");
    let (name, image_ref) = xobjects.iter().next().expect("an image");
    let image = src
        .get_object(image_ref.as_reference().expect("a reference"))
        .and_then(|o| o.as_stream())
        .expect("an image stream")
        .clone();
    (media, content, name.clone(), image)
}
