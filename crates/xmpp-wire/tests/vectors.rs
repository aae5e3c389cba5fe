//! Every shared vector in `tests/vectors/`, fed whole and 1 byte at a time, renders exactly
//! its expected frames JSONL v1 (the same files the C, Python and JS bindings run).

mod support;

use support::{run_split, shared_tests_dir, vectors};
use xmpp_wire::{jsonl, Frame};

fn render(frame: &Frame<'_>) -> String {
    let mut line = String::new();
    jsonl::write_frame(&mut line, frame);
    line
}

fn jsonl_of(outcome: support::Outcome) -> String {
    let mut out: String = outcome.frames.concat();
    if let Some(error) = outcome.error {
        jsonl::write_error(&mut out, &error);
    }
    out
}

#[test]
fn every_vector_renders_its_expected_jsonl() {
    let all = vectors();
    assert!(
        all.len() >= 150,
        "expected at least 150 vectors, found {}",
        all.len()
    );
    let mut failures = Vec::new();
    for (name, input, mode) in &all {
        let expected_path = shared_tests_dir()
            .join("vectors")
            .join(format!("{name}.jsonl"));
        let expected =
            std::fs::read_to_string(&expected_path).unwrap_or_else(|e| panic!("{name}.jsonl: {e}"));
        let whole = jsonl_of(run_split(input, &[], *mode, render));
        let cuts: Vec<usize> = (1..input.len()).collect();
        let bytewise = jsonl_of(run_split(input, &cuts, *mode, render));
        if whole != expected {
            failures.push(format!(
                "{name}:\n  expected: {expected}  got:      {whole}"
            ));
        } else if bytewise != whole {
            failures.push(format!("{name}: 1-byte feeds differ:\n{bytewise}"));
        }
    }
    println!("vectors: {} checked, {} failed", all.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
