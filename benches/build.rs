//! Links the system libexpat for the expat peer (benches/peers/expat.rs).
//!
//! Debian's libexpat1-dev provides `libexpat.so`; `benches/run.sh` installs it. Without the dev
//! package, the runtime library `libexpat.so.1` (present wherever Python is) is linked by its
//! file name instead, so the benches still build.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let dirs = [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
        "/lib/x86_64-linux-gnu",
    ];
    let has = |file: &str| dirs.iter().any(|dir| Path::new(dir).join(file).exists());
    if !has("libexpat.so") && has("libexpat.so.1") {
        println!("cargo:warning=libexpat1-dev is not installed; linking libexpat.so.1 directly");
        println!("cargo:rustc-link-lib=dylib:+verbatim=libexpat.so.1");
    } else {
        println!("cargo:rustc-link-lib=expat");
    }
}
