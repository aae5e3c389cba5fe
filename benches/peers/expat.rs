//! libexpat (the system library, as Prosody, ejabberd and Openfire's native peers use it) with
//! namespace processing: `XML_ParserCreateNS`, one `XML_Parse` per 4096-byte chunk, start and
//! end handlers only (no character-data handler: the work asks for no text).
//!
//! The FFI is the only unsafe code of the benches crate, so it stays in this module.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_long, c_void, CStr};

use crate::digest::{Digest, Levels, ROUTING};
use crate::inputs::chunks;

/// Separates the namespace name from the local name in expanded names. U+0001 is not an XML
/// 1.0 `Char`, so it occurs in no name and no namespace name (expat also refuses a namespace
/// name that contains the separator).
const SEPARATOR: u8 = 0x01;

#[allow(non_camel_case_types)]
type XML_Parser = *mut c_void;
type StartHandler = unsafe extern "C" fn(*mut c_void, *const c_char, *mut *const c_char);
type EndHandler = unsafe extern "C" fn(*mut c_void, *const c_char);

// The subset of expat.h (libexpat 2.x) used here. XML_Status is an enum (0 error, 1 ok);
// XML_Index is `long` (or `long long` with XML_LARGE_SIZE; both 64 bits on LP64).
// build.rs links the library.
extern "C" {
    fn XML_ParserCreateNS(encoding: *const c_char, separator: c_char) -> XML_Parser;
    fn XML_ParserFree(parser: XML_Parser);
    fn XML_SetUserData(parser: XML_Parser, user_data: *mut c_void);
    fn XML_SetElementHandler(
        parser: XML_Parser,
        start: Option<StartHandler>,
        end: Option<EndHandler>,
    );
    fn XML_Parse(parser: XML_Parser, s: *const c_char, len: c_int, is_final: c_int) -> c_int;
    fn XML_GetErrorCode(parser: XML_Parser) -> c_int;
    fn XML_ErrorString(code: c_int) -> *const c_char;
    fn XML_GetCurrentByteIndex(parser: XML_Parser) -> c_long;
    fn XML_ExpatVersion() -> *const c_char;
}

/// The linked libexpat's version, e.g. `expat_2.5.0`.
pub fn version() -> String {
    // SAFETY: XML_ExpatVersion returns a pointer to a static NUL-terminated string.
    unsafe { CStr::from_ptr(XML_ExpatVersion()) }
        .to_string_lossy()
        .into_owned()
}

/// Owns an expat parser and frees it on drop.
struct Parser(XML_Parser);

impl Drop for Parser {
    fn drop(&mut self) {
        // SAFETY: the pointer came from XML_ParserCreateNS and is freed exactly once.
        unsafe { XML_ParserFree(self.0) }
    }
}

/// Runs expat over `bytes` pushed `chunk` bytes at a time.
pub fn run(bytes: &[u8], chunk: usize) -> Digest {
    // SAFETY: a NULL encoding lets expat detect it (UTF-8 here); the separator is a plain char.
    let parser = Parser(unsafe { XML_ParserCreateNS(std::ptr::null(), SEPARATOR as c_char) });
    assert!(!parser.0.is_null(), "XML_ParserCreateNS failed");
    let mut levels = Levels::default();
    // SAFETY: `levels` outlives every XML_Parse call below, which are the only times expat calls
    // the handlers with this user data; the handlers match expat's callback signatures.
    unsafe {
        XML_SetUserData(parser.0, (&mut levels as *mut Levels).cast());
        XML_SetElementHandler(parser.0, Some(start), Some(end));
    }
    let chunk = if chunk == 0 {
        bytes.len().max(1)
    } else {
        chunk
    };
    for piece in chunks(bytes, chunk.min(c_int::MAX as usize)) {
        parse(&parser, piece, false);
    }
    parse(&parser, &[], true);
    drop(parser);
    levels.digest
}

fn parse(parser: &Parser, piece: &[u8], is_final: bool) {
    // SAFETY: `piece` is valid for `piece.len()` bytes (at most c_int::MAX, see `run`), and the
    // parser is live.
    let status = unsafe {
        XML_Parse(
            parser.0,
            piece.as_ptr().cast(),
            piece.len() as c_int,
            c_int::from(is_final),
        )
    };
    if status != 1 {
        // SAFETY: the parser is live; XML_ErrorString returns a static string for any code.
        let (message, at) = unsafe {
            let code = XML_GetErrorCode(parser.0);
            (
                CStr::from_ptr(XML_ErrorString(code)),
                XML_GetCurrentByteIndex(parser.0),
            )
        };
        panic!("expat: {} at byte {at}", message.to_string_lossy());
    }
}

/// Splits an expanded name `ns SEPARATOR local` (or a bare `local`).
fn split(name: &[u8]) -> (&[u8], &[u8]) {
    match memchr::memchr(SEPARATOR, name) {
        Some(at) => (&name[..at], &name[at + 1..]),
        None => (b"", name),
    }
}

unsafe extern "C" fn start(data: *mut c_void, name: *const c_char, atts: *mut *const c_char) {
    // SAFETY: `data` is the `Levels` that `run` registered and keeps alive while expat runs.
    let levels = unsafe { &mut *data.cast::<Levels>() };
    // SAFETY: expat passes the element's expanded name NUL-terminated.
    let (ns, local) = split(unsafe { CStr::from_ptr(name) }.to_bytes());
    let wants_routing = levels.wants_routing();
    levels.open(ns, local, |digest| {
        if !wants_routing {
            return;
        }
        let mut found: [Option<&[u8]>; 4] = [None; 4];
        let mut at = atts;
        // SAFETY: expat passes a NULL-terminated array of NUL-terminated name/value pairs;
        // they are read up to that NULL. Unprefixed attributes keep their plain name.
        unsafe {
            while !(*at).is_null() {
                let key = CStr::from_ptr(*at).to_bytes();
                if let Some(slot) = ROUTING.iter().position(|name| name.as_bytes() == key) {
                    found[slot] = Some(CStr::from_ptr(*at.add(1)).to_bytes());
                }
                at = at.add(2);
            }
        }
        for value in found {
            digest.attr(value);
        }
    });
}

unsafe extern "C" fn end(data: *mut c_void, _name: *const c_char) {
    // SAFETY: as in `start`.
    let levels = unsafe { &mut *data.cast::<Levels>() };
    levels.close();
}
