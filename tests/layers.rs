//! The modules depend on each other one way (`scripts/check-layers`): the real tree passes,
//! and a tree where a lower module names a higher one is refused, naming the line.

use std::path::Path;
use std::process::Command;

fn check(src: &Path) -> (bool, String) {
    let out = Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/check-layers"))
        .arg(src)
        .output()
        .expect("scripts/check-layers runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn the_modules_depend_on_each_other_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (ok, said) = check(&src);
    assert!(ok, "{said}");
}

#[test]
fn a_lower_module_naming_a_higher_one_is_refused() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (file, line, culprit) in [
        (
            "store/mail.rs",
            "use crate::engine::Event;",
            "store must not depend on engine",
        ),
        (
            "proto/net.rs",
            "fn f() { crate::setup::guess(); }",
            "proto must not depend on setup",
        ),
        (
            "setup.rs",
            "use crate::{account, engine};",
            "setup must not depend on engine",
        ),
        (
            "mime.rs",
            "pub use crate::store::Flags;",
            "mime must not depend on store",
        ),
    ] {
        let copy = tempfile::tempdir().unwrap();
        copy_tree(&src, copy.path());
        let path = copy.path().join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&format!("\n{line}\n"));
        std::fs::write(&path, text).unwrap();
        let (ok, said) = check(copy.path());
        assert!(!ok, "{file}: {line} was let through");
        assert!(said.contains(culprit) && said.contains(line), "{said}");
        // A comment that mentions the engine is not a dependency.
        let mut text = std::fs::read_to_string(&path).unwrap();
        text = text.replace(line, &format!("// {line}"));
        std::fs::write(&path, text).unwrap();
        let (ok, said) = check(copy.path());
        assert!(ok, "a comment counted: {said}");
    }
}
