//! The `xmpp-wire` binary end to end: `frames` against the shared vectors, chunking invariance,
//! `check` verdicts, `demo`, and usage errors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_xmpp-wire");

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn data(name: &str) -> PathBuf {
    manifest_dir().join("tests/data").join(name)
}

fn demo_xml() -> PathBuf {
    manifest_dir().join("src/demo.xml")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run xmpp-wire")
}

fn run_path(args: &[&str], path: &Path, more: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg(path)
        .args(more)
        .output()
        .expect("run xmpp-wire")
}

fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).expect("stderr is UTF-8")
}

/// `(condition, offset)` of a JSONL `error` line.
fn error_line(line: &str) -> Option<(&str, u64)> {
    let rest = line.strip_prefix(r#"{"kind":"error","condition":""#)?;
    let (condition, rest) = rest.split_once(r#"","offset":"#)?;
    let offset = rest.strip_suffix('}')?.parse().ok()?;
    Some((condition, offset))
}

/// Every `tests/vectors/NAME.xml` that has a `NAME.jsonl` beside it, sorted.
fn vectors() -> Vec<(String, PathBuf, PathBuf)> {
    let dir = manifest_dir().join("../../tests/vectors");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/vectors exists") {
        let xml = entry.expect("directory entry").path();
        if xml.extension().is_some_and(|ext| ext == "xml") {
            let jsonl = xml.with_extension("jsonl");
            if jsonl.exists() {
                let name = xml.file_stem().unwrap().to_string_lossy().into_owned();
                found.push((name, xml, jsonl));
            }
        }
    }
    found.sort();
    found
}

fn mode_args(name: &str) -> &'static [&'static str] {
    if name.starts_with("ws-") {
        &["--mode", "websocket"]
    } else {
        &[]
    }
}

#[test]
fn frames_reproduces_every_vector_at_any_chunk_size() {
    let vectors = vectors();
    assert!(!vectors.is_empty(), "no vector pairs in tests/vectors");
    let mut failures = Vec::new();
    for (name, xml, jsonl) in &vectors {
        let expected = std::fs::read_to_string(jsonl).expect("read .jsonl");
        let has_error = expected
            .lines()
            .last()
            .is_some_and(|line| error_line(line).is_some());
        for chunk in ["4096", "1", "7"] {
            let mut args = vec!["frames"];
            args.extend_from_slice(mode_args(name));
            let output = run_path(&args, xml, &["--chunk", chunk]);
            if stdout(&output) != expected {
                failures.push(format!(
                    "{name} (--chunk {chunk}): output differs\n--- expected\n{expected}--- got\n{}{}",
                    stdout(&output),
                    stderr(&output)
                ));
            } else if output.status.code() != Some(if has_error { 1 } else { 0 }) {
                failures.push(format!(
                    "{name} (--chunk {chunk}): exit status {}",
                    output.status
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

#[test]
fn check_agrees_with_the_vectors() {
    let mut failures = Vec::new();
    for (name, xml, jsonl) in vectors() {
        let expected = std::fs::read_to_string(&jsonl).expect("read .jsonl");
        let last = expected.lines().last().unwrap_or("");
        let mut args = vec!["check"];
        args.extend_from_slice(mode_args(&name));
        let output = run_path(&args, &xml, &[]);
        if let Some((condition, offset)) = error_line(last) {
            // The same error as `frames`, in `Display` form.
            let prefix = format!("{condition} at offset {offset}: ");
            if output.status.code() != Some(1) || !stderr(&output).starts_with(&prefix) {
                failures.push(format!(
                    "{name}: expected '{prefix}…', got {} {}",
                    output.status,
                    stderr(&output)
                ));
            }
        } else if last.starts_with(r#"{"kind":"stream-close""#) {
            let ok = format!("ok: {} frames\n", expected.lines().count());
            if output.status.code() != Some(0) || stdout(&output) != ok {
                failures.push(format!(
                    "{name}: expected '{ok}', got {} {}",
                    output.status,
                    stderr(&output)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn chunk_plans_do_not_change_the_output() {
    let whole = run_path(&["frames"], &demo_xml(), &[]);
    assert_eq!(whole.status.code(), Some(0), "{}", stderr(&whole));
    assert!(stdout(&whole).lines().count() > 30);
    let sizes = data("sizes.txt").to_string_lossy().into_owned();
    let plans: [Vec<String>; 4] = [
        vec!["--chunk".into(), "1".into()],
        vec!["--chunk".into(), "7".into()],
        vec!["--chunks".into(), sizes.clone()],
        vec![format!("--chunks={sizes}")],
    ];
    for plan in &plans {
        let more: Vec<&str> = plan.iter().map(String::as_str).collect();
        let more = &more[..];
        let output = run_path(&["frames"], &demo_xml(), more);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{more:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), stdout(&whole), "{more:?}");
    }
}

#[test]
fn frames_reads_standard_input() {
    let mut child = Command::new(BIN)
        .args(["frames", "-", "--chunk", "3"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn xmpp-wire");
    let input = std::fs::read(demo_xml()).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        stdout(&run_path(&["frames"], &demo_xml(), &[]))
    );
}

#[test]
fn frames_prints_the_frames_before_an_error_then_the_error() {
    for chunk in ["4096", "1"] {
        let output = run_path(&["frames"], &data("comment.xml"), &["--chunk", chunk]);
        assert_eq!(output.status.code(), Some(1));
        let lines: Vec<&str> = stdout(&output).lines().collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].starts_with(r#"{"kind":"stream-open","offset":22,"ns":"jabber:client","#));
        assert!(lines[1].starts_with(r#"{"kind":"message","offset":142,"len":57,"#));
        // The `<` of `<!--`, after the message and its newline.
        assert_eq!(error_line(lines[2]), Some(("restricted-xml", 200)));
    }
}

#[test]
fn check_verdicts_and_exit_status() {
    let good = run_path(&["check"], &demo_xml(), &[]);
    assert_eq!(good.status.code(), Some(0), "{}", stderr(&good));
    let frames = stdout(&run_path(&["frames"], &demo_xml(), &[]))
        .lines()
        .count();
    assert_eq!(stdout(&good), format!("ok: {frames} frames\n"));

    let bad = run_path(&["check"], &data("comment.xml"), &[]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).starts_with("restricted-xml at offset 200: "),
        "{}",
        stderr(&bad)
    );

    // Cut short: no error while more may come (`frames`), an error once the input has ended (`check`).
    let frames = run_path(&["frames"], &data("truncated.xml"), &[]);
    assert_eq!(frames.status.code(), Some(0));
    assert_eq!(stdout(&frames).lines().count(), 2);
    let check = run_path(&["check"], &data("truncated.xml"), &[]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).starts_with("not-well-formed at offset "),
        "{}",
        stderr(&check)
    );
}

#[test]
fn websocket_messages_are_lines_and_offsets_are_file_offsets() {
    let input = std::fs::read_to_string(data("websocket.txt")).unwrap();
    let second = input.find("<message").unwrap();
    let third = input.find("<close").unwrap();
    let whole = run_path(
        &["frames", "--mode", "websocket"],
        &data("websocket.txt"),
        &[],
    );
    assert_eq!(whole.status.code(), Some(0), "{}", stdout(&whole));
    let lines: Vec<&str> = stdout(&whole).lines().collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with(
        r#"{"kind":"element","name":"open","ns":"urn:ietf:params:xml:ns:xmpp-framing","offset":0,"#
    ));
    assert!(lines[1].starts_with(&format!(r#"{{"kind":"message","offset":{second},"#)));
    assert!(lines[1].contains(r#""attrs":{"to":"romeo@example.net","id":"w1"}"#));
    assert!(lines[2].contains(&format!(
        r#""name":"close","ns":"urn:ietf:params:xml:ns:xmpp-framing","offset":{third},"#
    )));
    for chunk in ["1", "5"] {
        let output = run_path(
            &["frames", "--mode", "websocket", "--chunk", chunk],
            &data("websocket.txt"),
            &[],
        );
        assert_eq!(stdout(&output), stdout(&whole));
    }
    let check = run_path(
        &["check", "--mode", "websocket"],
        &data("websocket.txt"),
        &[],
    );
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn max_stanza_limits_top_level_elements() {
    // The roster result in the demo is the largest element; a limit below it is a policy violation.
    let output = run_path(&["frames", "--max-stanza", "300"], &demo_xml(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let last = stdout(&output).lines().last().unwrap();
    assert_eq!(
        error_line(last).map(|(condition, _)| condition),
        Some("policy-violation")
    );
}

#[test]
fn demo_prints_a_table_of_the_session() {
    let output = run(&["demo"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    for line in text.lines() {
        assert!(
            line.chars().count() <= 120,
            "wider than 120 columns: {line}"
        );
    }
    let rows: Vec<&str> = text.lines().collect();
    assert!(
        rows[0].contains("offset") && rows[0].contains("payloads"),
        "{}",
        rows[0]
    );
    let has_row = |words: &[&str]| rows.iter().any(|row| words.iter().all(|w| row.contains(w)));
    assert!(has_row(&[
        "stream-open",
        "jabber:client",
        "#++TR84Sm6A3hnt3… im.example.com → juli"
    ]));
    assert!(has_row(&[
        "element",
        "features streams",
        "starttls(xmpp-tls)"
    ]));
    assert!(has_row(&["element", "success xmpp-sasl"]));
    assert!(has_row(&[
        "iq",
        "result #roster_1 → juliet@",
        "query(jabber:iq:roster)"
    ]));
    assert!(has_row(&[
        "iq",
        "get #s2c1 im.example.com → juliet@",
        "ping(ping)"
    ]));
    assert!(has_row(&[
        "message",
        "chat #m-zh-1 lilei@example.cn/phone",
        "body, active(chatstates), req"
    ]));
    assert!(has_row(&[
        "message",
        "chat #m-emoji-1",
        "body, x(jabber:x:event), x(jabber"
    ]));
    assert!(has_row(&[
        "message",
        "groupchat #gc-7",
        "body, delay(delay)"
    ]));
    assert!(has_row(&[
        "presence",
        "unavailable romeo@example.net/orchard"
    ]));
    assert!(has_row(&["element", "r sm:3"]));
    assert!(has_row(&["stream-close"]));
    let summary = rows.last().unwrap();
    assert!(
        summary.contains("3 stream-open") && summary.contains("1 stream-close"),
        "{summary}"
    );
}

#[test]
fn usage_errors_exit_2_with_the_help() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["frames", "--chunk", "0"],
        &["frames", "--chunk", "x"],
        &["frames", "--mode", "bosh"],
        &["frames", "--chunk", "1", "--chunks", "sizes.txt"],
        &["frames", "--unknown"],
        &["check"],
        &["demo", "extra"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("Usage:"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn unreadable_input_exits_2() {
    let output = run(&["frames", "/nonexistent/stream.xml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot read input"));
}

#[test]
fn help_and_version() {
    for flag in ["help", "--help", "-h"] {
        let output = run(&[flag]);
        assert_eq!(output.status.code(), Some(0));
        for option in [
            "--chunk N",
            "--chunks SIZES_FILE",
            "--mode tcp|websocket",
            "--max-stanza BYTES",
            "Exit status",
        ] {
            assert!(stdout(&output).contains(option), "{flag}: {option}");
        }
    }
    let version = run(&["--version"]);
    assert_eq!(
        stdout(&version),
        format!("xmpp-wire {}\n", env!("CARGO_PKG_VERSION"))
    );
}
