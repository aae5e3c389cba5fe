//! Header drift: regenerates `include/xmpp_wire.h` with cbindgen (the version `Cargo.lock`
//! pins) and fails if it differs from the committed file.
//!
//! Refresh the header with `make -C bindings/c header`, which runs this test with
//! `XMPP_WIRE_UPDATE_HEADER=1` so that it writes the file instead of comparing.

use std::path::{Path, PathBuf};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The crate docs of `src/lib.rs` (the `//!` lines), as the header's opening comment.
fn preamble(lib_rs: &Path) -> String {
    let source = std::fs::read_to_string(lib_rs).expect("read src/lib.rs");
    let mut comment = String::from("/*\n");
    for line in source.lines() {
        let Some(doc) = line.strip_prefix("//!") else {
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        if doc.is_empty() {
            comment.push_str(" *\n");
        } else {
            comment.push_str(" * ");
            comment.push_str(doc);
            comment.push('\n');
        }
    }
    comment.push_str(" */");
    comment
}

/// The header cbindgen makes from the sources and `cbindgen.toml`.
fn generate() -> String {
    let dir = crate_dir();
    let mut config =
        cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("read cbindgen.toml");
    config.header = Some(preamble(&dir.join("src/lib.rs")));
    let mut out = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&dir)
        .with_config(config)
        .generate()
        .expect("cbindgen")
        .write(&mut out);
    String::from_utf8(out).expect("UTF-8 header")
}

#[test]
fn header_matches_sources() {
    let path = crate_dir().join("include/xmpp_wire.h");
    let generated = generate();
    if std::env::var_os("XMPP_WIRE_UPDATE_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("write include/xmpp_wire.h");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/xmpp_wire.h is out of date with bindings/c/src; refresh it with\n    make -C bindings/c header\n(XMPP_WIRE_UPDATE_HEADER=1 cargo test -p xmpp-wire-c --test header) and commit the result"
    );
}
