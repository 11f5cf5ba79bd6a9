fn main() {
    let path = std::env::args().nth(1).expect("an .eml");
    let raw = std::fs::read(path).unwrap();
    let t = std::time::Instant::now();
    let d = facteur::mime::display::Display::parse_for_layout(&raw);
    eprintln!("parse_for_layout {:?}", t.elapsed());
    let src = d.html.as_deref().cloned().unwrap();
    let t = std::time::Instant::now();
    let c = facteur::mime::html::too_complex(&src.html);
    eprintln!("too_complex {c} {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let fixed = facteur::mime::html::clean::unresolvable_addresses_removed(&src.html);
    eprintln!("addresses {:?} {}", t.elapsed(), fixed.len());
    let t = std::time::Instant::now();
    let (doc, _) = facteur::mime::html::clean::parse_and_clean(&src.html);
    eprintln!("parse+clean {:?}", t.elapsed());
    drop(doc);
    let t = std::time::Instant::now();
    let sheet = facteur::mime::html::Sheet::open(src, vec![], Default::default()).unwrap();
    let l = futures::executor::block_on(sheet.layout(800, 1.0)).unwrap();
    eprintln!("open+layout {:?} h={}", t.elapsed(), l.height);
    let t = std::time::Instant::now();
    let l2 = futures::executor::block_on(sheet.layout(760, 1.0)).unwrap();
    eprintln!("relayout {:?} h={}", t.elapsed(), l2.height);
    let t = std::time::Instant::now();
    futures::executor::block_on(sheet.tile(l2.generation, 0)).unwrap();
    eprintln!("tile {:?}", t.elapsed());
}
