//! Namespaces: the constants XMPP defines, and prefix scopes while parsing.

pub mod known;
pub(crate) mod scope;
