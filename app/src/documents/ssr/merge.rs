//! Joining PDFs into one: the pages of each part, in order, under one page tree. A PDF of
//! thousands of badges is laid out and written a few hundred pages at a time, because Typst
//! keeps every page of a document in memory until it is written (3,000 badges at once took
//! 320 MB above the resting server; in parts, about 150 MB).
use crate::error::AppError;
use lopdf::{Document, Object, ObjectId, dictionary};

fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("joining PDF parts: {e}").into())
}

/// One PDF with the pages of `parts` in order.
pub fn join(parts: &[Vec<u8>]) -> Result<Vec<u8>, AppError> {
    if let [one] = parts {
        return Ok(one.clone());
    }
    let mut out = Document::with_version("1.7");
    let pages_id = out.new_object_id();
    let mut next_id = out.max_id + 1;
    let mut kids: Vec<Object> = Vec::new();
    for bytes in parts {
        let mut doc = Document::load_mem(bytes).map_err(bad)?;
        doc.renumber_objects_with(next_id);
        next_id = doc.max_id + 1;
        let catalog: ObjectId = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(bad)?;
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        // Each part's catalog and page tree give way to the joined one's; what only they
        // referred to (the part's structure tree, its metadata) is pruned below.
        for (id, mut object) in std::mem::take(&mut doc.objects) {
            if id == catalog {
                continue;
            }
            if let Object::Dictionary(d) = &mut object {
                if d.get(b"Type").and_then(Object::as_name).is_ok_and(|t| t == b"Pages") {
                    continue;
                }
                if pages.contains(&id) {
                    d.set("Parent", pages_id);
                }
            }
            out.objects.insert(id, object);
        }
        kids.extend(pages.into_iter().map(Object::Reference));
    }
    out.max_id = next_id;
    let count = kids.len() as i64;
    out.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog = out.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    out.trailer.set("Root", catalog);
    out.prune_objects();
    let mut bytes = Vec::new();
    out.save_to(&mut bytes).map_err(bad)?;
    Ok(bytes)
}
