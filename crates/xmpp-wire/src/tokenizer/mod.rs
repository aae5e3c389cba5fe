//! The resumable tokenizer: a state machine over the bytes of the stream.
//!
//! It checks everything that XML 1.0 asks of single characters, names, tags, references and
//! markup (the framer checks what needs context: nesting, namespaces, stream structure), and
//! returns tokens that carry spans, never copies. Its state survives between feeds, so every byte
//! is examined once whatever the chunking; only a character, reference or markup opener split
//! by a feed boundary is looked at again when the rest arrives (a few bytes at most).

pub(crate) mod chars;
mod decl;
mod reference;
mod scan;
mod utf8;

use crate::config::{Mode, NameRules};
use crate::error::{Reason, StreamError};

use reference::RefState;
use scan::{ATTR, NAME, NAME_START, SPACE, TEXT};
use utf8::Decoded;

/// An absolute byte offset in the stream.
pub(crate) type Pos = u64;

/// A run of bytes in the stream.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: Pos,
    pub len: u32,
    /// Offset of the colon in a name, from `start`.
    pub colon: Option<u32>,
}

/// What the tokenizer found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// `<name`: a start tag whose attributes follow.
    StartName { lt: Pos, name: Span },
    /// `name='value'` inside a start tag; `value` excludes the quotes.
    Attr { name: Span, value: Span },
    /// The `>` (or `/>`) closing a start tag; `end` is one past it.
    StartEnd { end: Pos, empty: bool },
    /// `</name>`; `end` is one past the `>`.
    EndTag { lt: Pos, name: Span, end: Pos },
    /// A valid XML declaration at `lt`, where the tokenizer allows one.
    XmlDecl { lt: Pos },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// The first bytes of the stream: a byte-order mark is looked for.
    Start,
    /// Character data, or whitespace between top-level elements.
    Content,
    /// After `<`.
    Lt,
    /// After `<!`.
    Bang,
    /// Matching `<![CDATA[`: how many bytes of `[CDATA[` matched so far.
    CDataOpen(u8),
    /// Inside a CDATA section.
    CData,
    /// After `<?`.
    Pi,
    /// Inside an XML declaration, after `<?xml`.
    XmlDecl,
    /// An element name in a start tag.
    StartName,
    /// Inside a start tag, between attributes; `spaced` once whitespace separates the next name.
    InTag { spaced: bool },
    /// An attribute name.
    AttrName,
    /// Between an attribute name and `=`.
    BeforeEq,
    /// Between `=` and the opening quote.
    BeforeValue,
    /// Inside a quoted attribute value.
    Value,
    /// After `/` in a start tag.
    Slash,
    /// An end tag's name, after `</`.
    EndName,
    /// Whitespace between an end tag's name and `>`.
    AfterEndName,
    /// Inside a reference; `in_value` when it stands in an attribute value.
    Reference { in_value: bool },
}

/// The tokenizer's state between calls.
#[derive(Clone, Debug)]
pub(crate) struct Tokenizer {
    /// The next byte to examine.
    pub pos: Pos,
    state: State,
    /// The `<` of the tag or markup being read.
    lt: Pos,
    /// The name or value being read.
    span: Span,
    /// The first byte of the current attribute's name, kept while its value is read.
    attr_name: Span,
    /// The quote that opened the current attribute value.
    quote: u8,
    /// Consecutive `]` just seen, to find `]]>`.
    brackets: u8,
    reference: RefState,
    names: NameRules,
    mode: Mode,
    /// Set by the framer: no element is open inside the stream, so text must be whitespace.
    pub top_level: bool,
    /// Set by the framer: a stream restart may come next, so may an XML declaration before it
    /// (RFC 6120 §4.3.3).
    pub restart_allowed: bool,
    /// Where the document's content starts: 0, or 3 after a byte-order mark.
    content_start: Pos,
    /// Set by the framer: the stream (or document) is closed; only whitespace may follow.
    pub closed: bool,
    /// The `<` of the top-level item being read, which the size limit counts from.
    pub item_start: Option<Pos>,
    /// Largest top-level item in bytes.
    pub max_item: u64,
}

/// Why the tokenizer handed control back.
type Step = Result<Flow, StreamError>;

/// What one state step achieved.
enum Flow {
    /// A token is complete.
    Token(Token),
    /// The state moved on; keep going.
    Go,
    /// The bytes so far do not decide; more are needed.
    Wait,
}

impl Tokenizer {
    pub(crate) fn new(mode: Mode, names: NameRules, max_item: u64) -> Tokenizer {
        Tokenizer {
            pos: 0,
            state: State::Start,
            lt: 0,
            span: Span::default(),
            attr_name: Span::default(),
            quote: 0,
            brackets: 0,
            reference: RefState::default(),
            names,
            mode,
            top_level: true,
            restart_allowed: false,
            content_start: 0,
            closed: false,
            item_start: None,
            max_item,
        }
    }

    /// Whether the tokenizer stands between tokens in character data (nothing half-read).
    pub(crate) fn at_rest(&self) -> bool {
        matches!(self.state, State::Content | State::Start) && self.item_start.is_none()
    }

    /// Reads the next token from `buf`, which holds the stream's bytes from offset `base`.
    /// `Ok(None)` means every available byte was examined and more are needed.
    pub(crate) fn next_token(
        &mut self,
        buf: &[u8],
        base: Pos,
    ) -> Result<Option<Token>, StreamError> {
        let available = base + buf.len() as Pos;
        loop {
            // RFC 6120 §13.12: the size limit is found without buffering past it.
            let limit = self.item_start.map(|start| start + self.max_item);
            let end = limit.map_or(available, |limit| available.min(limit));
            let flow = if self.pos >= end {
                Flow::Wait
            } else {
                let bytes = &buf[..(end - base) as usize];
                let at = (self.pos - base) as usize;
                match self.state {
                    State::Content => self.content(bytes, base, at)?,
                    State::Value => self.value(bytes, base, at)?,
                    State::CData => self.cdata(bytes, base, at)?,
                    _ => self.markup(bytes, base, at)?,
                }
            };
            match flow {
                Flow::Token(token) => return Ok(Some(token)),
                Flow::Go => {}
                // Stopped at the limit with the item unfinished: whatever completes it lies
                // past the limit, even when no byte past it has arrived yet (a buffer exactly as
                // large as the limit could not take one).
                Flow::Wait if limit == Some(end) => {
                    return Err(StreamError::new(Reason::StanzaTooLarge, end));
                }
                Flow::Wait => return Ok(None),
            }
        }
    }

    fn error(&self, reason: Reason, at: Pos) -> Step {
        Err(StreamError::new(reason, at))
    }

    /// Decodes the non-ASCII character at `bytes[at]`; `None` when it is split by the end.
    fn wide_char(
        &self,
        bytes: &[u8],
        base: Pos,
        at: usize,
    ) -> Result<Option<(u32, usize)>, StreamError> {
        match utf8::decode(&bytes[at..]) {
            Decoded::Char(c, len) if chars::is_xml_char(c) => Ok(Some((c, len))),
            Decoded::Char(..) => Err(StreamError::new(Reason::ForbiddenChar, base + at as Pos)),
            Decoded::Incomplete => Ok(None),
            Decoded::Invalid => Err(StreamError::new(Reason::InvalidUtf8, base + at as Pos)),
        }
    }

    /// Character data, or the whitespace between top-level elements.
    fn content(&mut self, bytes: &[u8], base: Pos, mut at: usize) -> Step {
        if self.top_level {
            // RFC 6120 §11.7: only whitespace between top-level elements.
            at = scan::skip(bytes, at, SPACE);
            self.pos = base + at as Pos;
            match bytes.get(at) {
                None => return Ok(Flow::Wait),
                Some(b'<') => {
                    self.item_start = Some(self.pos);
                    self.lt = self.pos;
                    self.pos += 1;
                    self.state = State::Lt;
                    // The limit now counts from here: let `next_token` narrow the window first.
                    return Ok(Flow::Go);
                }
                Some(_) if self.closed => return self.error(Reason::ContentAfterClose, self.pos),
                Some(_) => return self.error(Reason::TextAtStreamLevel, self.pos),
            }
        }
        loop {
            if self.brackets > 0 {
                match bytes.get(at) {
                    None => return Ok(Flow::Wait),
                    // XML 1.0 §2.4: `]]>` may not appear in character data.
                    Some(b'>') if self.brackets >= 2 => {
                        return self.error(Reason::CdataEndInText, self.pos - 2);
                    }
                    Some(b']') => {}
                    Some(_) => self.brackets = 0,
                }
            }
            // Short runs of plain ASCII are the common case between tags: a table walk
            // settles them without the search-and-validate calls.
            at = scan::skip(bytes, at, TEXT);
            let stop = match bytes.get(at) {
                Some(b'<' | b'&' | b']') | None => at,
                Some(_) => {
                    memchr::memchr3(b'<', b'&', b']', &bytes[at..]).map_or(bytes.len(), |i| at + i)
                }
            };
            if stop > at {
                at = self.checked_run(bytes, base, at, stop)?;
            }
            self.pos = base + at as Pos;
            if at < stop {
                return Ok(Flow::Wait);
            }
            let Some(&b) = bytes.get(at) else {
                return Ok(Flow::Wait);
            };
            match b {
                b'<' => {
                    self.lt = self.pos;
                    self.pos += 1;
                    self.state = State::Lt;
                    if at + 1 < bytes.len() {
                        return self.lt(bytes, base, at + 1);
                    }
                    return Ok(Flow::Go);
                }
                b'&' => {
                    self.reference = RefState::new(self.pos);
                    self.pos += 1;
                    self.state = State::Reference { in_value: false };
                    return Ok(Flow::Go);
                }
                _ => {
                    self.brackets = self.brackets.saturating_add(1);
                    at += 1;
                    self.pos += 1;
                }
            }
        }
    }

    /// Checks `bytes[at..stop]`, a run without markup, and returns how far it is complete and valid.
    fn checked_run(
        &self,
        bytes: &[u8],
        base: Pos,
        at: usize,
        stop: usize,
    ) -> Result<usize, StreamError> {
        match scan::check_run(&bytes[at..stop]) {
            scan::Run::Valid => Ok(stop),
            // Cut by the end of the bytes so far: the rest may come. Cut by markup: it cannot.
            scan::Run::Cut(valid) if stop == bytes.len() => Ok(at + valid),
            scan::Run::Cut(valid) => Err(StreamError::new(
                Reason::InvalidUtf8,
                base + (at + valid) as Pos,
            )),
            scan::Run::Bad(i, true) => Err(StreamError::new(
                Reason::InvalidUtf8,
                base + (at + i) as Pos,
            )),
            scan::Run::Bad(i, false) => Err(StreamError::new(
                Reason::ForbiddenChar,
                base + (at + i) as Pos,
            )),
        }
    }

    /// A quoted attribute value.
    fn value(&mut self, bytes: &[u8], base: Pos, at: usize) -> Step {
        let at = scan::skip(bytes, at, ATTR);
        let stop = match bytes.get(at) {
            Some(&b) if b == self.quote || b == b'<' || b == b'&' => at,
            None => at,
            Some(_) => memchr::memchr3(b'<', b'&', self.quote, &bytes[at..])
                .map_or(bytes.len(), |i| at + i),
        };
        let at = if stop > at {
            self.checked_run(bytes, base, at, stop)?
        } else {
            at
        };
        self.pos = base + at as Pos;
        if at < stop || at == bytes.len() {
            return Ok(Flow::Wait);
        }
        match bytes[at] {
            b'<' => self.error(Reason::LtInAttributeValue, self.pos),
            b'&' => {
                self.reference = RefState::new(self.pos);
                self.pos += 1;
                self.state = State::Reference { in_value: true };
                Ok(Flow::Go)
            }
            _ => {
                let value = Span {
                    start: self.span.start,
                    len: (self.pos - self.span.start) as u32,
                    colon: None,
                };
                self.pos += 1;
                self.state = State::InTag { spaced: false };
                Ok(Flow::Token(Token::Attr {
                    name: self.attr_name,
                    value,
                }))
            }
        }
    }

    /// The common attribute, `name='value'` with an ASCII name and a value without references,
    /// non-ASCII characters or controls, read in one pass when it is whole in `bytes`. Anything
    /// else returns `None` having changed nothing, and the state machine reads the attribute;
    /// so a byte is read at most twice.
    fn attribute_fast(&mut self, bytes: &[u8], base: Pos, at: usize) -> Option<Token> {
        if !scan::is(*bytes.get(at)?, NAME_START) {
            return None;
        }
        let mut colon = None;
        let mut i = at + 1;
        loop {
            let b = *bytes.get(i)?;
            if scan::is(b, NAME) {
                i += 1;
            } else if b == b':' && colon.is_none() && scan::is(*bytes.get(i + 1)?, NAME_START) {
                colon = Some((i - at) as u32);
                i += 2;
            } else {
                break;
            }
        }
        let name_end = i;
        let quote = *bytes.get(name_end + 1)?;
        if bytes[name_end] != b'=' || (quote != b'"' && quote != b'\'') {
            return None;
        }
        let value_start = name_end + 2;
        let value_end = scan::skip(bytes, value_start, ATTR);
        if *bytes.get(value_end)? != quote {
            return None;
        }
        self.pos = base + value_end as Pos + 1;
        self.state = State::InTag { spaced: false };
        Some(Token::Attr {
            name: Span {
                start: base + at as Pos,
                len: (name_end - at) as u32,
                colon,
            },
            value: Span {
                start: base + value_start as Pos,
                len: (value_end - value_start) as u32,
                colon: None,
            },
        })
    }

    /// A CDATA section's content, up to `]]>`.
    fn cdata(&mut self, bytes: &[u8], base: Pos, mut at: usize) -> Step {
        loop {
            if self.brackets > 0 {
                match bytes.get(at) {
                    None => return Ok(Flow::Wait),
                    Some(b'>') if self.brackets >= 2 => {
                        self.pos = base + at as Pos + 1;
                        self.brackets = 0;
                        self.state = State::Content;
                        return Ok(Flow::Go);
                    }
                    Some(b']') => {}
                    Some(_) => self.brackets = 0,
                }
            }
            let stop = memchr::memchr(b']', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            at = self.checked_run(bytes, base, at, stop)?;
            self.pos = base + at as Pos;
            if at == bytes.len() || at < stop {
                return Ok(Flow::Wait);
            }
            self.brackets = self.brackets.saturating_add(1);
            at += 1;
            self.pos += 1;
        }
    }

    /// Everything else: tags, names, references and markup, one state step at a time.
    fn markup(&mut self, bytes: &[u8], base: Pos, at: usize) -> Step {
        let b = bytes[at];
        match self.state {
            State::Start => self.start(bytes, base, at),
            State::Lt => self.lt(bytes, base, at),
            State::Bang => match b {
                b'-' => self.error(Reason::Comment, self.lt),
                b'D' => self.error(Reason::Doctype, self.lt),
                b'[' if self.top_level => self.error(Reason::TextAtStreamLevel, self.lt),
                b'[' => {
                    self.pos += 1;
                    self.state = State::CDataOpen(1);
                    Ok(Flow::Go)
                }
                _ => self.error(Reason::UnexpectedChar, self.pos),
            },
            State::CDataOpen(matched) => {
                const OPEN: &[u8] = b"[CDATA[";
                if b != OPEN[matched as usize] {
                    return self.error(Reason::UnexpectedChar, self.pos);
                }
                self.pos += 1;
                self.state = if matched as usize + 1 == OPEN.len() {
                    self.brackets = 0;
                    State::CData
                } else {
                    State::CDataOpen(matched + 1)
                };
                Ok(Flow::Go)
            }
            State::Pi => self.pi(bytes, base, at),
            State::XmlDecl => self.xml_decl(bytes, at),
            State::StartName | State::AttrName | State::EndName => self.name(bytes, base, at),
            State::InTag { spaced } => match b {
                b'>' => {
                    self.pos += 1;
                    self.state = State::Content;
                    Ok(Flow::Token(Token::StartEnd {
                        end: self.pos,
                        empty: false,
                    }))
                }
                b'/' => {
                    self.pos += 1;
                    self.state = State::Slash;
                    Ok(Flow::Go)
                }
                b if scan::is(b, SPACE) => {
                    let next = scan::skip(bytes, at, SPACE);
                    self.pos = base + next as Pos;
                    self.state = State::InTag { spaced: true };
                    // The usual next thing is an attribute: read it in the same step.
                    match bytes.get(next) {
                        Some(&b) if scan::is(b, NAME_START) => {
                            match self.attribute_fast(bytes, base, next) {
                                Some(token) => Ok(Flow::Token(token)),
                                None => Ok(Flow::Go),
                            }
                        }
                        _ => Ok(Flow::Go),
                    }
                }
                // XML 1.0 §3.1: attributes are separated by whitespace.
                _ if spaced => match self.attribute_fast(bytes, base, at) {
                    Some(token) => Ok(Flow::Token(token)),
                    None => self.begin_name(bytes, base, at, State::AttrName),
                },
                _ => self.error(Reason::UnexpectedChar, self.pos),
            },
            State::BeforeEq => match b {
                b'=' => {
                    self.pos += 1;
                    self.state = State::BeforeValue;
                    Ok(Flow::Go)
                }
                b if scan::is(b, SPACE) => {
                    self.pos += 1;
                    Ok(Flow::Go)
                }
                _ => self.error(Reason::UnexpectedChar, self.pos),
            },
            State::BeforeValue => match b {
                b'"' | b'\'' => {
                    self.quote = b;
                    self.pos += 1;
                    self.span = Span {
                        start: self.pos,
                        len: 0,
                        colon: None,
                    };
                    self.state = State::Value;
                    Ok(Flow::Go)
                }
                b if scan::is(b, SPACE) => {
                    self.pos += 1;
                    Ok(Flow::Go)
                }
                _ => self.error(Reason::UnexpectedChar, self.pos),
            },
            State::Slash => match b {
                b'>' => {
                    self.pos += 1;
                    self.state = State::Content;
                    Ok(Flow::Token(Token::StartEnd {
                        end: self.pos,
                        empty: true,
                    }))
                }
                _ => self.error(Reason::UnexpectedChar, self.pos),
            },
            State::AfterEndName => match b {
                b'>' => {
                    self.pos += 1;
                    self.state = State::Content;
                    Ok(Flow::Token(Token::EndTag {
                        lt: self.lt,
                        name: self.span,
                        end: self.pos,
                    }))
                }
                b if scan::is(b, SPACE) => {
                    self.pos += 1;
                    Ok(Flow::Go)
                }
                _ => self.error(Reason::UnexpectedChar, self.pos),
            },
            State::Reference { in_value } => self.reference(bytes, base, at, in_value),
            State::Content | State::Value | State::CData => Ok(Flow::Go),
        }
    }

    /// The first bytes of the stream: a UTF-8 byte-order mark is skipped; UTF-16 is refused
    /// (RFC 6120 §11.6).
    fn start(&mut self, bytes: &[u8], base: Pos, at: usize) -> Step {
        let head = &bytes[at..];
        match head {
            [0xFE, 0xFF, ..] | [0xFF, 0xFE, ..] | [0x00, b'<', ..] | [b'<', 0x00, ..] => {
                self.error(Reason::Utf16, 0)
            }
            [0xEF, 0xBB, 0xBF, ..] => {
                self.pos = base + at as Pos + 3;
                self.content_start = self.pos;
                self.state = State::Content;
                Ok(Flow::Go)
            }
            [0xEF] | [0xEF, 0xBB] | [0xFE] | [0xFF] | [0x00] | [b'<'] => Ok(Flow::Wait),
            _ => {
                self.state = State::Content;
                Ok(Flow::Go)
            }
        }
    }

    /// After `<`: an end tag, markup, a processing instruction or a start tag.
    fn lt(&mut self, bytes: &[u8], base: Pos, at: usize) -> Step {
        match bytes[at] {
            b'/' => {
                self.pos += 1;
                self.state = State::EndName;
                self.begin_name_at_pos();
                if at + 1 < bytes.len() {
                    return self.name(bytes, base, at + 1);
                }
                Ok(Flow::Go)
            }
            b'!' => {
                self.pos += 1;
                self.state = State::Bang;
                Ok(Flow::Go)
            }
            b'?' => {
                self.pos += 1;
                self.state = State::Pi;
                Ok(Flow::Go)
            }
            _ => {
                self.state = State::StartName;
                self.begin_name(bytes, base, at, State::StartName)
            }
        }
    }

    fn begin_name_at_pos(&mut self) {
        self.span = Span {
            start: self.pos,
            len: 0,
            colon: None,
        };
    }

    /// Starts a name at `bytes[at]`, which must be a `NameStartChar` other than `:`.
    fn begin_name(&mut self, bytes: &[u8], base: Pos, at: usize, state: State) -> Step {
        self.begin_name_at_pos();
        self.state = state;
        self.name(bytes, base, at)
    }

    /// A QName (Namespaces 1.0 §4): `NCName (':' NCName)?`, ended by the bytes its state allows.
    fn name(&mut self, bytes: &[u8], base: Pos, mut at: usize) -> Step {
        loop {
            let expect_start = self.pos == self.span.start
                || self
                    .span
                    .colon
                    .is_some_and(|c| self.span.start + Pos::from(c) + 1 == self.pos);
            if !expect_start {
                at = scan::skip(bytes, at, NAME);
                self.pos = base + at as Pos;
            }
            let Some(&b) = bytes.get(at) else {
                return Ok(Flow::Wait);
            };
            if b >= 0x80 {
                let Some((c, len)) = self.wide_char(bytes, base, at)? else {
                    return Ok(Flow::Wait);
                };
                let c = char::from_u32(c).unwrap_or('\0');
                let ok = if expect_start {
                    chars::is_name_start_char(c, self.names)
                } else {
                    chars::is_name_char(c, self.names)
                };
                if !ok {
                    return self.error(Reason::InvalidNameChar, self.pos);
                }
                at += len;
                self.pos += len as Pos;
                continue;
            }
            if expect_start {
                if scan::is(b, NAME_START) {
                    at += 1;
                    self.pos += 1;
                    continue;
                }
                // `:` first, `::`, or a name ending in `:` are not QNames.
                let reason = if b == b':' || self.pos != self.span.start {
                    Reason::MalformedQName
                } else {
                    Reason::InvalidNameChar
                };
                return self.error(reason, self.pos);
            }
            if b == b':' {
                if self.span.colon.is_some() {
                    return self.error(Reason::MalformedQName, self.pos);
                }
                self.span.colon = Some((self.pos - self.span.start) as u32);
                at += 1;
                self.pos += 1;
                continue;
            }
            // The name ends here; what may follow depends on where it stands.
            self.span.len = (self.pos - self.span.start) as u32;
            let space = scan::is(b, SPACE);
            return match self.state {
                State::StartName if space || b == b'>' || b == b'/' => {
                    self.state = State::InTag { spaced: false };
                    Ok(Flow::Token(Token::StartName {
                        lt: self.lt,
                        name: self.span,
                    }))
                }
                State::AttrName if space || b == b'=' => {
                    self.attr_name = self.span;
                    self.state = State::BeforeEq;
                    Ok(Flow::Go)
                }
                State::EndName if b == b'>' => {
                    self.pos += 1;
                    self.state = State::Content;
                    Ok(Flow::Token(Token::EndTag {
                        lt: self.lt,
                        name: self.span,
                        end: self.pos,
                    }))
                }
                State::EndName if space => {
                    self.state = State::AfterEndName;
                    Ok(Flow::Go)
                }
                _ => self.error(Reason::InvalidNameChar, self.pos),
            };
        }
    }

    /// After `<?`: the XML declaration where the framer allows one, else a processing
    /// instruction, which RFC 6120 §11.1 forbids.
    fn pi(&mut self, bytes: &[u8], base: Pos, at: usize) -> Step {
        let head = &bytes[at..];
        if head.len() < 4 {
            // `xml` and the whitespace after it decide; wait for them.
            if b"xml ".starts_with(&head[..head.len().min(3)]) {
                return Ok(Flow::Wait);
            }
            return self.error(Reason::ProcessingInstruction, self.lt);
        }
        let is_decl = head.starts_with(b"xml") && scan::is(head[3], SPACE);
        if !is_decl {
            return self.error(Reason::ProcessingInstruction, self.lt);
        }
        // XML 1.0 §2.8: the declaration opens the document; RFC 6120 §4.3.3 lets a restarted
        // stream have one too.
        let at_start = self.lt == self.content_start;
        if !(at_start || self.top_level && self.mode == Mode::Tcp && self.restart_allowed) {
            return self.error(Reason::MisplacedXmlDeclaration, self.lt);
        }
        self.pos = base + at as Pos + 3;
        self.state = State::XmlDecl;
        Ok(Flow::Go)
    }

    /// The rest of an XML declaration, checked whole once its `?>` has arrived.
    fn xml_decl(&mut self, bytes: &[u8], at: usize) -> Step {
        let rest = &bytes[at..];
        match memchr::memmem::find(rest, b"?>") {
            // A declaration is short; a long one is not one (and is not rescanned for ever),
            // whether its `?>` has arrived yet or not.
            Some(len) if len <= decl::MAX_LEN => {
                decl::check(&rest[..len], self.pos, self.lt)?;
                self.pos += len as Pos + 2;
                self.state = State::Content;
                Ok(Flow::Token(Token::XmlDecl { lt: self.lt }))
            }
            Some(_) => self.error(Reason::MalformedXmlDeclaration, self.lt),
            None if rest.len() > decl::MAX_LEN => {
                self.error(Reason::MalformedXmlDeclaration, self.lt)
            }
            None => Ok(Flow::Wait),
        }
    }

    /// One step of an entity or character reference (XML 1.0 §4.1), after `&`.
    fn reference(&mut self, bytes: &[u8], base: Pos, at: usize, in_value: bool) -> Step {
        match self.reference.step(bytes, base, at, self.names)? {
            Ok(next) => {
                self.pos = next;
                self.state = if in_value {
                    State::Value
                } else {
                    State::Content
                };
                self.brackets = 0;
                Ok(Flow::Go)
            }
            Err(resume) => {
                self.pos = resume;
                Ok(Flow::Wait)
            }
        }
    }
}
