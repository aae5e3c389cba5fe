/*
 * The writer: one-call functions and the writer handle, exact bytes for TCP and WebSocket
 * framing, refusals that write nothing, and output that parses back to the same values.
 */

#include <stdlib.h>

#include "harness.h"

#define S(literal) literal, sizeof(literal) - 1
#define XSTR(literal) ((xmpp_wire_str){S(literal)})

static char buf[1024];
static size_t len;

static void stream_open_close_error(void) {
    xmpp_wire_stream_header h = xmpp_wire_stream_header_default();
    CHECK_STR(h.ns, "jabber:client");
    CHECK_STR(h.version, "1.0");
    CHECK(h.to.ptr == NULL && h.from.ptr == NULL && h.id.ptr == NULL && h.lang.ptr == NULL);
    h.to = XSTR("im.example.com");
    h.lang = XSTR("en");
    CHECK_OK(xmpp_wire_write_stream_open(XMPP_WIRE_MODE_TCP, &h, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len,
                "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                "xmlns:stream='http://etherx.jabber.org/streams' to='im.example.com' "
                "version='1.0' xml:lang='en'>");
    CHECK_OK(xmpp_wire_write_stream_open(XMPP_WIRE_MODE_WEBSOCKET, &h, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len,
                "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='im.example.com' "
                "version='1.0' xml:lang='en'/>");
    CHECK_OK(xmpp_wire_write_stream_error(XMPP_WIRE_MODE_TCP, XMPP_WIRE_CONDITION_POLICY_VIOLATION,
                                          S("too <big>"), buf, sizeof buf, &len));
    CHECK_BYTES(buf, len,
                "<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>too &lt;big&gt;</text>"
                "</stream:error>");
    CHECK_OK(xmpp_wire_write_stream_error(XMPP_WIRE_MODE_TCP, XMPP_WIRE_CONDITION_HOST_UNKNOWN,
                                          NULL, 0, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len,
                "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                "</stream:error>");
    CHECK_OK(xmpp_wire_write_stream_close(XMPP_WIRE_MODE_WEBSOCKET, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len, "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
    /* A character XML cannot carry is refused. */
    CHECK_STATUS(xmpp_wire_write_stream_error(XMPP_WIRE_MODE_TCP, 0, S("\x01"), buf, sizeof buf, &len),
                 XMPP_WIRE_STATUS_INVALID_CHAR);
}

/* Parses `xml` after a client header and leaves its first frame in `*f`. */
static xmpp_wire_parser *parse_one(const char *xml, xmpp_wire_frame *f) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, HARNESS_CLIENT_HEADER);
    harness_feed(p, xml);
    CHECK_OK(xmpp_wire_parser_next_frame(p, f));
    CHECK_OK(xmpp_wire_parser_next_frame(p, f));
    return p;
}

static void iq_replies(void) {
    xmpp_wire_frame f;
    xmpp_wire_parser *p = parse_one(
        "<iq from='juliet@example.com/balcony' to='example.com' id='p&amp;1' type='get'>"
        "<ping xmlns='urn:xmpp:ping'/></iq>",
        &f);
    CHECK_OK(xmpp_wire_write_iq_result(&f, XMPP_WIRE_MODE_TCP, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len,
                "<iq to='juliet@example.com/balcony' from='example.com' id='p&amp;1' type='result'/>");
    CHECK_OK(xmpp_wire_write_iq_result(&f, XMPP_WIRE_MODE_WEBSOCKET, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len,
                "<iq xmlns='jabber:client' to='juliet@example.com/balcony' from='example.com' "
                "id='p&amp;1' type='result'/>");
    CHECK_OK(xmpp_wire_write_iq_error(&f, XMPP_WIRE_MODE_TCP, XMPP_WIRE_ERROR_TYPE_CANCEL,
                                      XMPP_WIRE_STANZA_ERROR_SERVICE_UNAVAILABLE, S("sorry"), buf,
                                      sizeof buf, &len));
    CHECK_BYTES(buf, len,
                "<iq to='juliet@example.com/balcony' from='example.com' id='p&amp;1' type='error'>"
                "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>sorry</text></error></iq>");
    CHECK_STATUS(xmpp_wire_write_iq_result(&f, XMPP_WIRE_MODE_TCP, buf, 10, &len),
                 XMPP_WIRE_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == strlen("<iq to='juliet@example.com/balcony' from='example.com' id='p&amp;1' type='result'/>"));

    /* A result with a payload, through the writer handle. */
    xmpp_wire_writer *w = NULL;
    CHECK_OK(xmpp_wire_writer_new(XMPP_WIRE_MODE_TCP, &w));
    CHECK_OK(xmpp_wire_writer_iq_result(w, &f));
    CHECK_OK(xmpp_wire_writer_start(w, S("time")));
    CHECK_OK(xmpp_wire_writer_ns(w, S("urn:xmpp:time")));
    CHECK_OK(xmpp_wire_writer_element(w, S("tzo"), S("+00:00")));
    CHECK_OK(xmpp_wire_writer_end(w));
    CHECK_OK(xmpp_wire_writer_end(w));
    CHECK_OK(xmpp_wire_writer_iq_error(w, &f, XMPP_WIRE_ERROR_TYPE_MODIFY,
                                       XMPP_WIRE_STANZA_ERROR_BAD_REQUEST, NULL, 0));
    CHECK_OK(xmpp_wire_writer_finish(w, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len,
                "<iq to='juliet@example.com/balcony' from='example.com' id='p&amp;1' type='result'>"
                "<time xmlns='urn:xmpp:time'><tzo>+00:00</tzo></time></iq>"
                "<iq to='juliet@example.com/balcony' from='example.com' id='p&amp;1' type='error'>"
                "<error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                "</error></iq>");
    xmpp_wire_writer_free(w);
    xmpp_wire_parser_free(p);
}

static void stanzas_with_payloads(void) {
    xmpp_wire_writer *w = NULL;
    CHECK_OK(xmpp_wire_writer_new(XMPP_WIRE_MODE_TCP, &w));
    xmpp_wire_stanza_header h = {0};
    h.to = XSTR("romeo@example.net");
    h.stanza_type = XSTR("chat");
    h.lang = XSTR("en");
    CHECK_OK(xmpp_wire_writer_message(w, &h));
    CHECK_OK(xmpp_wire_writer_element(w, S("body"), S("1 < 2 & 'x' \"y\" ]]> \r\n\xc3\xa9")));
    CHECK_OK(xmpp_wire_writer_start(w, S("x:data")));
    CHECK_OK(xmpp_wire_writer_ns_prefix(w, S("x"), S("urn:example:x")));
    CHECK_OK(xmpp_wire_writer_attr(w, S("x:k"), S("a'b\tc<")));
    CHECK_OK(xmpp_wire_writer_text(w, S("t")));
    CHECK_OK(xmpp_wire_writer_end(w));
    CHECK_OK(xmpp_wire_writer_end(w));
    CHECK_OK(xmpp_wire_writer_keepalive(w));
    xmpp_wire_stanza_header e = {0};
    e.stanza_type = XSTR("error");
    CHECK_OK(xmpp_wire_writer_presence(w, &e));
    CHECK_OK(xmpp_wire_writer_error_element(w, XMPP_WIRE_ERROR_TYPE_WAIT,
                                            XMPP_WIRE_STANZA_ERROR_RESOURCE_CONSTRAINT, S("busy")));
    CHECK_OK(xmpp_wire_writer_end(w));
    CHECK_OK(xmpp_wire_writer_finish(w, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len,
                "<message to='romeo@example.net' type='chat' xml:lang='en'>"
                "<body>1 &lt; 2 &amp; 'x' \"y\" ]]&gt; &#13;\n\xc3\xa9</body>"
                "<x:data xmlns:x='urn:example:x' x:k='a&apos;b&#9;c&lt;'>t</x:data></message> "
                "<presence type='error'><error type='wait'>"
                "<resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>busy</text></error></presence>");
    xmpp_wire_writer_free(w);

    /* WebSocket: a top-level stanza declares its namespace itself (RFC 7395 §3.3.3). */
    CHECK_OK(xmpp_wire_writer_new(XMPP_WIRE_MODE_WEBSOCKET, &w));
    xmpp_wire_stanza_header iq = {0};
    iq.id = XSTR("r1");
    iq.stanza_type = XSTR("get");
    CHECK_OK(xmpp_wire_writer_iq(w, &iq));
    CHECK_OK(xmpp_wire_writer_start(w, S("query")));
    CHECK_OK(xmpp_wire_writer_ns(w, S("jabber:iq:roster")));
    CHECK_OK(xmpp_wire_writer_end(w));
    CHECK_OK(xmpp_wire_writer_end(w));
    CHECK_OK(xmpp_wire_writer_finish(w, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len,
                "<iq xmlns='jabber:client' id='r1' type='get'><query xmlns='jabber:iq:roster'/></iq>");
    xmpp_wire_writer_free(w);
}

/* A refused call writes nothing and the writer goes on. */
static void refusals(void) {
    xmpp_wire_writer *w = NULL;
    CHECK_OK(xmpp_wire_writer_new(XMPP_WIRE_MODE_TCP, &w));
    CHECK_STATUS(xmpp_wire_writer_end(w), XMPP_WIRE_STATUS_UNBALANCED);
    CHECK_STATUS(xmpp_wire_writer_start(w, S("no spaces")), XMPP_WIRE_STATUS_INVALID_NAME);
    CHECK_STATUS(xmpp_wire_writer_text(w, S("x")), XMPP_WIRE_STATUS_UNBALANCED);
    CHECK_OK(xmpp_wire_writer_start(w, S("a")));
    CHECK_STATUS(xmpp_wire_writer_attr(w, S("xmlns"), S("x")), XMPP_WIRE_STATUS_INVALID_NAME);
    CHECK_STATUS(xmpp_wire_writer_attr(w, S("v"), S("\x01")), XMPP_WIRE_STATUS_INVALID_CHAR);
    CHECK_STATUS(xmpp_wire_writer_text(w, S("ok\xef\xbf\xbe")), XMPP_WIRE_STATUS_INVALID_CHAR);
    CHECK_OK(xmpp_wire_writer_text(w, S("ok")));
    CHECK_STATUS(xmpp_wire_writer_attr(w, S("late"), S("1")), XMPP_WIRE_STATUS_UNBALANCED);
    CHECK_STATUS(xmpp_wire_writer_finish(w, buf, sizeof buf, &len), XMPP_WIRE_STATUS_UNBALANCED);
    CHECK_STATUS(xmpp_wire_writer_stream_close(w), XMPP_WIRE_STATUS_UNBALANCED);
    CHECK_OK(xmpp_wire_writer_end(w));
    CHECK_OK(xmpp_wire_writer_finish(w, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len, "<a>ok</a>");
    int depth = 0;
    xmpp_wire_status status = XMPP_WIRE_STATUS_OK;
    while (depth < 100 && (status = xmpp_wire_writer_start(w, S("d"))) == XMPP_WIRE_STATUS_OK)
        depth++;
    CHECK_STATUS(status, XMPP_WIRE_STATUS_TOO_DEEP);
    CHECK(depth > 1 && depth < 100);
    xmpp_wire_writer_free(w); /* with elements still open and output unfinished */
}

/* What the writer writes parses back to the values it was given. */
static void round_trip(void) {
    const char *values[] = {"plain", "a&b<c>'d\"e", "tab\tnew\nline\rcr", "\xe4\xb8\xad\xf0\x9f\x98\x80", ""};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        xmpp_wire_writer *w = NULL;
        CHECK_OK(xmpp_wire_writer_new(XMPP_WIRE_MODE_TCP, &w));
        xmpp_wire_stanza_header h = {0};
        h.id = (xmpp_wire_str){values[i], strlen(values[i])};
        CHECK_OK(xmpp_wire_writer_message(w, &h));
        CHECK_OK(xmpp_wire_writer_start(w, S("x")));
        CHECK_OK(xmpp_wire_writer_ns(w, values[i], strlen(values[i])));
        CHECK_OK(xmpp_wire_writer_end(w));
        CHECK_OK(xmpp_wire_writer_end(w));
        CHECK_OK(xmpp_wire_writer_finish(w, buf, sizeof buf - 1, &len));
        buf[len] = '\0';
        xmpp_wire_writer_free(w);
        xmpp_wire_frame f;
        xmpp_wire_parser *p = parse_one(buf, &f);
        CHECK_STR(f.id, values[i]);
        CHECK(f.payload_count == 1);
        xmpp_wire_payload pl;
        CHECK_OK(xmpp_wire_frame_payload(&f, 0, &pl));
        CHECK_STR(pl.ns, values[i]);
        const char *x = strstr(buf, "<x");
        CHECK(x != NULL && pl.raw.len == strlen(x) - strlen("</message>") &&
              memcmp(pl.raw.ptr, x, pl.raw.len) == 0);
        xmpp_wire_parser_free(p);
    }
}

int main(void) {
    RUN(stream_open_close_error);
    RUN(iq_replies);
    RUN(stanzas_with_payloads);
    RUN(refusals);
    RUN(round_trip);
    return harness_finish("writer");
}
