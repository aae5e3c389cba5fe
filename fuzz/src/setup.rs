//! The parser configurations the targets try, chosen by one input byte so that libFuzzer can
//! mutate the choice like any other byte, and so that a crash file names its configuration.
//!
//! `crates/xmpp-wire/tests/regressions.rs` replays every regression file under each profile of
//! [`PROFILES`]; keep the two tables equal.

use xmpp_wire::{Config, Limits, Mode, NameRules};

/// Size and count limits worth fuzzing: the defaults, and small ones so that every
/// `policy-violation` path and the buffer's compaction are reached by short inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Length of the parser's buffer (it also bounds `max_stanza_size`).
    pub buffer: usize,
    /// The limits passed in; the parser clamps them to its buffer and fixed state.
    pub limits: Limits,
    /// Which XML 1.0 edition's name characters are accepted.
    pub names: NameRules,
}

const fn limits(
    max_stanza_size: usize,
    max_depth: usize,
    max_attributes: usize,
    max_namespaces: usize,
) -> Limits {
    Limits {
        max_stanza_size,
        max_depth,
        max_attributes,
        max_namespaces,
    }
}

/// Every profile, indexed by the low bits of the configuration byte.
pub const PROFILES: [Profile; 8] = [
    // The defaults, with a 64 KiB buffer (a 256 KiB memset per input would dominate the run).
    Profile {
        buffer: 1 << 16,
        limits: Limits::DEFAULT,
        names: NameRules::FifthEdition,
    },
    // A buffer barely larger than a stream header: compaction on nearly every feed.
    Profile {
        buffer: 160,
        limits: Limits::DEFAULT,
        names: NameRules::FifthEdition,
    },
    // Tight counts: depth, attribute and namespace limits are reached by short inputs.
    Profile {
        buffer: 4096,
        limits: limits(4096, 4, 3, 2),
        names: NameRules::FifthEdition,
    },
    // Limits above the fixed state's capacity, which the parser must clamp.
    Profile {
        buffer: 1024,
        limits: limits(usize::MAX, usize::MAX, usize::MAX, usize::MAX),
        names: NameRules::FifthEdition,
    },
    // Fourth Edition names (the option for routers in front of Expat-based clients).
    Profile {
        buffer: 1 << 16,
        limits: Limits::DEFAULT,
        names: NameRules::FourthEdition,
    },
    // A stanza limit well below the buffer, so the limit and the buffer's size differ.
    Profile {
        buffer: 8192,
        limits: limits(300, 32, 32, 32),
        names: NameRules::FifthEdition,
    },
    // Zero everywhere: clamped to the least the state allows.
    Profile {
        buffer: 512,
        limits: limits(0, 0, 0, 0),
        names: NameRules::FifthEdition,
    },
    // Depth at exactly the state's capacity.
    Profile {
        buffer: 1 << 16,
        limits: limits(1 << 16, 40, 32, 32),
        names: NameRules::FifthEdition,
    },
];

/// What a target runs: a framing mode and a profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setup {
    /// TCP, WebSocket or document framing.
    pub mode: Mode,
    /// Buffer size, limits and name rules.
    pub profile: Profile,
}

impl Setup {
    /// The setup named by `byte`: bits 0–2 pick the profile, bits 3–4 the mode (TCP twice as
    /// often as WebSocket and document, since TCP streams are what servers read most).
    pub fn from_byte(byte: u8) -> Setup {
        let mode = match (byte >> 3) & 3 {
            0 | 1 => Mode::Tcp,
            2 => Mode::WebSocket,
            _ => Mode::Document,
        };
        Setup {
            mode,
            profile: PROFILES[usize::from(byte & 7)],
        }
    }

    /// The byte that [`from_byte`](Self::from_byte) maps to `mode` and profile `profile`.
    pub fn to_byte(mode: Mode, profile: usize) -> u8 {
        let mode_bits = match mode {
            Mode::Tcp => 0,
            Mode::WebSocket => 2,
            Mode::Document => 3,
        };
        (mode_bits << 3) | (profile as u8 & 7)
    }

    /// The same setup in another framing mode.
    pub fn with_mode(self, mode: Mode) -> Setup {
        Setup { mode, ..self }
    }

    /// The parser configuration.
    pub fn config(&self) -> Config {
        Config {
            limits: self.profile.limits,
            mode: self.mode,
            names: self.profile.names,
        }
    }

    /// A fresh buffer of the profile's size.
    pub fn buffer(&self) -> Vec<u8> {
        vec![0u8; self.profile.buffer]
    }
}

/// A valid stream header for `mode`: what the `frames` target puts before the fuzzed bytes.
pub fn header(mode: Mode) -> &'static [u8] {
    match mode {
        Mode::Tcp => {
            b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' \
              xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>"
        }
        Mode::WebSocket => {
            b"<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>"
        }
        Mode::Document => b"",
    }
}
