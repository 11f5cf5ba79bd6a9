//! Draws the app icon (resources/icons/org.facteur.Facteur.svg) as the PNG sizes of the
//! hicolor icon theme, into packaging/linux/icons/NxN/, for the packages:
//!
//!     cargo run --example app-icons
//!
//! The PNGs are committed; run this again when the SVG changes.

use std::path::Path;

const SIZES: [u32; 8] = [16, 24, 32, 48, 64, 128, 256, 512];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let svg = std::fs::read(root.join("resources/icons/org.facteur.Facteur.svg"))?;
    let tree = resvg::usvg::Tree::from_data(&svg, &resvg::usvg::Options::default())?;
    for size in SIZES {
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size, size).ok_or("empty size")?;
        let scale = size as f32 / tree.size().width().max(tree.size().height());
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        let dir = root.join(format!("packaging/linux/icons/{size}x{size}"));
        std::fs::create_dir_all(&dir)?;
        pixmap.save_png(dir.join("org.facteur.Facteur.png"))?;
    }
    Ok(())
}
