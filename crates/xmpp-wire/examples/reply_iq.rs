//! Answers IQs: a `result` to pings, a `service-unavailable` error to everything else.
//!
//! `cargo run -p xmpp-wire --example reply_iq`

use xmpp_wire::writer::reply::{self, ErrorType, StanzaErrorCondition};
use xmpp_wire::{ns, Config, Frame, IqType, SliceSink, StanzaType, StreamParser, Writer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stream = b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\
        <iq from='romeo@example.net/orchard' to='example.net' id='p1' type='get'><ping xmlns='urn:xmpp:ping'/></iq>\
        <iq from='romeo@example.net/orchard' to='example.net' id='q1' type='get'><query xmlns='jabber:iq:last'/></iq>";
    let mut parser = StreamParser::new([0u8; 4096], Config::default());
    parser.feed(stream);
    let mut out = [0u8; 1024];
    let mut writer = Writer::new(SliceSink::new(&mut out));
    while let Some(frame) = parser.next_frame()? {
        let Frame::Stanza(iq) = frame else { continue };
        if iq.stanza_type() != Some(StanzaType::Iq(IqType::Get)) {
            continue;
        }
        let is_ping = iq
            .payloads()
            .next()
            .is_some_and(|p| p.ns() == ns::PING && p.name() == "ping");
        if is_ping {
            reply::iq_result(&mut writer, &iq)?;
        } else {
            reply::iq_error(
                &mut writer,
                &iq,
                ErrorType::Cancel,
                StanzaErrorCondition::ServiceUnavailable,
                None,
            )?;
        }
    }
    writer.finish()?;
    println!("{}", String::from_utf8_lossy(writer.sink().written()));
    Ok(())
}
