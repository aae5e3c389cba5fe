/*
 * The parser and frame API: what each frame kind carries, attribute and payload accessors,
 * restarts, reset, finish, WebSocket framing, partial feeds, frame lifetimes.
 */

#include <stdlib.h>

#include "harness.h"

#define HEADER_LEN (sizeof(HARNESS_CLIENT_HEADER) - 1)

/* Takes the next frame, which must exist. */
static xmpp_wire_frame next(xmpp_wire_parser *p) {
    xmpp_wire_frame f;
    memset(&f, 0xAB, sizeof f); /* whatever the caller's memory held before */
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    return f;
}

static void config_default_is_the_cores(void) {
    xmpp_wire_config c = xmpp_wire_config_default();
    CHECK(c.max_stanza_size == 262144);
    CHECK(c.max_depth == 32);
    CHECK(c.max_attributes == 32);
    CHECK(c.max_namespaces == 32);
    CHECK(c.mode == XMPP_WIRE_MODE_TCP);
    CHECK(c.names == XMPP_WIRE_NAME_RULES_FIFTH_EDITION);
    CHECK(strcmp(xmpp_wire_version(), "") != 0);
    CHECK(strcmp(xmpp_wire_condition_str(XMPP_WIRE_CONDITION_NOT_WELL_FORMED), "not-well-formed") == 0);
    CHECK(strcmp(xmpp_wire_condition_str(XMPP_WIRE_CONDITION_UNSUPPORTED_VERSION), "unsupported-version") == 0);
    CHECK(strcmp(xmpp_wire_status_str(XMPP_WIRE_STATUS_BUFFER_TOO_SMALL), "buffer-too-small") == 0);
}

static void stream_open_frame(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, "<?xml version='1.0'?>" HARNESS_CLIENT_HEADER);
    xmpp_wire_frame f = next(p);
    CHECK(f.kind == XMPP_WIRE_FRAME_KIND_STREAM_OPEN);
    CHECK(f.stanza_kind == XMPP_WIRE_STANZA_KIND_NONE);
    CHECK_STR(f.kind_name, "stream-open");
    CHECK(f.offset == 21);
    CHECK(f.raw.len == HEADER_LEN);
    CHECK(memcmp(f.raw.ptr, HARNESS_CLIENT_HEADER, HEADER_LEN) == 0);
    CHECK_STR(f.ns, "jabber:client");
    CHECK_STR(f.to, "example.com");
    CHECK_STR(f.version, "1.0");
    CHECK(f.from.ptr == NULL && f.id.ptr == NULL && f.stanza_type.ptr == NULL);
    CHECK(f.name.ptr == NULL);
    CHECK(f.attr_count == 2); /* namespace declarations are not attributes */
    xmpp_wire_attr a;
    CHECK_OK(xmpp_wire_frame_attr_at(&f, 0, &a));
    CHECK_STR(a.name, "to");
    CHECK_STR(a.value, "example.com");
    CHECK_OK(xmpp_wire_frame_attr_at(&f, 1, &a));
    CHECK_STR(a.name, "version");
    CHECK(f.payload_count == 0);
    CHECK_STATUS(xmpp_wire_parser_next_frame(p, &f), XMPP_WIRE_STATUS_NEED_MORE);
    xmpp_wire_parser_free(p);
}

static void stanza_frame(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, HARNESS_CLIENT_HEADER);
    next(p);
    const char *stanza =
        "<message to='romeo@example.net/a&amp;b' from='juliet@example.com' id='m&#49;' "
        "type='chat' xml:lang='en' x='tab\there' empty=''>"
        "<body>Hi</body><x:y xmlns:x='urn:a&amp;b'/><thread>t1</thread></message>";
    harness_feed(p, "\n  ");
    harness_feed(p, stanza);
    xmpp_wire_frame f = next(p);
    CHECK(f.kind == XMPP_WIRE_FRAME_KIND_STANZA);
    CHECK(f.stanza_kind == XMPP_WIRE_STANZA_KIND_MESSAGE);
    CHECK_STR(f.kind_name, "message");
    CHECK_STR(f.name, "message");
    CHECK_STR(f.ns, "jabber:client");
    CHECK(f.offset == HEADER_LEN + 3);
    CHECK(f.raw.len == strlen(stanza) && memcmp(f.raw.ptr, stanza, f.raw.len) == 0);
    CHECK_STR(f.to, "romeo@example.net/a&b");
    CHECK_STR(f.from, "juliet@example.com");
    CHECK_STR(f.id, "m1");
    CHECK_STR(f.stanza_type, "chat");
    CHECK_STR(f.lang, "en");
    CHECK(f.version.ptr == NULL);
    CHECK(f.iq_problem == XMPP_WIRE_IQ_PROBLEM_NONE);
    CHECK(f.attr_count == 7);

    /* Lookup by name, unescaped and normalised into the caller's buffer. */
    char buf[64];
    size_t len = 0;
    CHECK_OK(xmpp_wire_frame_attr(&f, "x", 1, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len, "tab here");
    CHECK_OK(xmpp_wire_frame_attr(&f, "xml:lang", 8, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len, "en");
    CHECK_OK(xmpp_wire_frame_attr(&f, "empty", 5, buf, sizeof buf, &len));
    CHECK(len == 0);
    len = 99;
    CHECK_STATUS(xmpp_wire_frame_attr(&f, "nope", 4, buf, sizeof buf, &len), XMPP_WIRE_STATUS_NOT_FOUND);
    CHECK(len == 99); /* out-parameters are written only on success */
    CHECK_STATUS(xmpp_wire_frame_attr(&f, "to", 2, buf, 5, &len), XMPP_WIRE_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == strlen("romeo@example.net/a&b"));
    CHECK_STATUS(xmpp_wire_frame_attr(&f, "to", 2, NULL, 0, &len), XMPP_WIRE_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == strlen("romeo@example.net/a&b"));
    CHECK_OK(xmpp_wire_frame_attr(&f, "to", 2, buf, len, &len));
    CHECK_BYTES(buf, len, "romeo@example.net/a&b");

    /* In document order; an empty value is present, with a non-NULL pointer. */
    xmpp_wire_attr a;
    CHECK_OK(xmpp_wire_frame_attr_at(&f, 6, &a));
    CHECK_STR(a.name, "empty");
    CHECK(a.value.ptr != NULL && a.value.len == 0);
    CHECK_STATUS(xmpp_wire_frame_attr_at(&f, 7, &a), XMPP_WIRE_STATUS_INVALID_ARGUMENT);

    CHECK(f.payload_count == 3);
    xmpp_wire_payload pl;
    CHECK_OK(xmpp_wire_frame_payload(&f, 0, &pl));
    CHECK_STR(pl.ns, "jabber:client");
    CHECK_STR(pl.name, "body");
    CHECK_STR(pl.raw, "<body>Hi</body>");
    CHECK(pl.offset == f.offset + (uint64_t)(strstr(stanza, "<body>") - stanza));
    CHECK_OK(xmpp_wire_frame_payload(&f, 1, &pl));
    CHECK_STR(pl.ns, "urn:a&b"); /* namespace names are decoded too */
    CHECK_STR(pl.name, "y");
    CHECK_OK(xmpp_wire_frame_payload(&f, 2, &pl));
    CHECK_STR(pl.name, "thread");
    CHECK_STATUS(xmpp_wire_frame_payload(&f, 3, &pl), XMPP_WIRE_STATUS_INVALID_ARGUMENT);
    xmpp_wire_parser_free(p);
}

static void iq_problems_are_diagnostics(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, HARNESS_CLIENT_HEADER "<iq type='get' id='a'/><iq type='get'><q xmlns='x'/></iq>"
                    "<iq type='result' id='b'><a xmlns='x'/><b xmlns='x'/></iq>");
    next(p);
    xmpp_wire_frame f = next(p);
    CHECK(f.stanza_kind == XMPP_WIRE_STANZA_KIND_IQ);
    CHECK(f.iq_problem == XMPP_WIRE_IQ_PROBLEM_REQUEST_PAYLOAD_COUNT);
    f = next(p);
    CHECK(f.iq_problem == XMPP_WIRE_IQ_PROBLEM_MISSING_ID);
    f = next(p);
    CHECK(f.iq_problem == XMPP_WIRE_IQ_PROBLEM_RESULT_PAYLOAD_COUNT);
    xmpp_wire_parser_free(p);
}

static void element_and_close_frames(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    const char *features = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>";
    harness_feed(p, HARNESS_CLIENT_HEADER);
    harness_feed(p, features);
    harness_feed(p, "<Message/></stream:stream>");
    next(p);
    xmpp_wire_frame f = next(p);
    CHECK(f.kind == XMPP_WIRE_FRAME_KIND_ELEMENT);
    CHECK_STR(f.kind_name, "element");
    CHECK_STR(f.name, "features");
    CHECK_STR(f.ns, "http://etherx.jabber.org/streams");
    CHECK(f.payload_count == 1);
    xmpp_wire_payload pl;
    CHECK_OK(xmpp_wire_frame_payload(&f, 0, &pl));
    CHECK_STR(pl.ns, "urn:ietf:params:xml:ns:xmpp-tls");
    f = next(p);
    /* Names are case-sensitive: not a stanza. */
    CHECK(f.kind == XMPP_WIRE_FRAME_KIND_ELEMENT);
    CHECK_STR(f.name, "Message");
    f = next(p);
    CHECK(f.kind == XMPP_WIRE_FRAME_KIND_STREAM_CLOSE);
    CHECK_STR(f.kind_name, "stream-close");
    CHECK(f.offset == HEADER_LEN + strlen(features) + 10);
    CHECK_STR(f.raw, "</stream:stream>");
    CHECK(f.ns.ptr == NULL && f.attr_count == 0 && f.payload_count == 0);
    CHECK_OK(xmpp_wire_parser_finish(p));
    xmpp_wire_parser_free(p);
}

static void many_payloads(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, HARNESS_CLIENT_HEADER "<message>");
    for (int i = 0; i < 40; i++) {
        char child[64];
        snprintf(child, sizeof child, "<c%d xmlns='urn:n%d'/>", i, i);
        harness_feed(p, child);
    }
    harness_feed(p, "</message>");
    next(p);
    xmpp_wire_frame f = next(p);
    CHECK(f.payload_count == 40);
    for (size_t i = 0; i < f.payload_count; i++) {
        xmpp_wire_payload pl;
        char ns[32], name[32];
        snprintf(ns, sizeof ns, "urn:n%zu", i);
        snprintf(name, sizeof name, "c%zu", i);
        CHECK_OK(xmpp_wire_frame_payload(&f, i, &pl));
        CHECK_STR(pl.ns, ns);
        CHECK_STR(pl.name, name);
    }
    xmpp_wire_parser_free(p);
}

static void restart_after_sasl_success(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, HARNESS_CLIENT_HEADER
                 "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>" HARNESS_CLIENT_HEADER);
    CHECK(next(p).kind == XMPP_WIRE_FRAME_KIND_STREAM_OPEN);
    xmpp_wire_frame f = next(p);
    CHECK(f.kind == XMPP_WIRE_FRAME_KIND_ELEMENT);
    CHECK_STR(f.name, "success");
    f = next(p);
    CHECK(f.kind == XMPP_WIRE_FRAME_KIND_STREAM_OPEN);
    CHECK(f.offset == HEADER_LEN + 51);
    xmpp_wire_parser_free(p);
}

static void reset_starts_a_new_stream(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, HARNESS_CLIENT_HEADER "<presence/><!-- no -->");
    next(p);
    next(p);
    xmpp_wire_frame f;
    CHECK_STATUS(xmpp_wire_parser_next_frame(p, &f), XMPP_WIRE_STATUS_STREAM_ERROR);
    CHECK_OK(xmpp_wire_parser_reset(p));
    xmpp_wire_stream_error e;
    CHECK_STATUS(xmpp_wire_parser_error(p, &e), XMPP_WIRE_STATUS_NOT_FOUND);
    harness_feed(p, HARNESS_CLIENT_HEADER);
    f = next(p);
    CHECK(f.kind == XMPP_WIRE_FRAME_KIND_STREAM_OPEN);
    CHECK(f.offset == 0);
    xmpp_wire_parser_free(p);
}

static void finish_reports_a_cut_element(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, HARNESS_CLIENT_HEADER "<message><body>cut");
    next(p);
    xmpp_wire_frame f;
    CHECK_STATUS(xmpp_wire_parser_next_frame(p, &f), XMPP_WIRE_STATUS_NEED_MORE);
    CHECK_STATUS(xmpp_wire_parser_finish(p), XMPP_WIRE_STATUS_STREAM_ERROR);
    xmpp_wire_stream_error e;
    CHECK_OK(xmpp_wire_parser_error(p, &e));
    CHECK(e.condition == XMPP_WIRE_CONDITION_NOT_WELL_FORMED);
    CHECK(e.offset == HEADER_LEN + strlen("<message><body>cut"));
    xmpp_wire_parser_free(p);
}

static void websocket_framing(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_WEBSOCKET);
    const char *open = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>\n";
    harness_feed(p, open);
    harness_feed(p, "<iq xmlns='jabber:client' type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>\n");
    harness_feed(p, "<message/>\n<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>\n");
    xmpp_wire_frame f = next(p);
    CHECK(f.kind == XMPP_WIRE_FRAME_KIND_ELEMENT);
    CHECK_STR(f.name, "open");
    CHECK_STR(f.ns, "urn:ietf:params:xml:ns:xmpp-framing");
    CHECK_STR(f.to, "example.com");
    f = next(p);
    CHECK(f.stanza_kind == XMPP_WIRE_STANZA_KIND_IQ);
    CHECK(f.offset == strlen(open));
    f = next(p);
    /* Without xmlns='jabber:client' a WebSocket message is in no namespace: not a stanza. */
    CHECK(f.kind == XMPP_WIRE_FRAME_KIND_ELEMENT);
    CHECK_STR(f.ns, "");
    f = next(p);
    CHECK_STR(f.name, "close");
    xmpp_wire_parser_free(p);
}

/* A small buffer takes part of a feed; the rest goes in after the frames are taken. */
static void partial_feeds(void) {
    xmpp_wire_config config = xmpp_wire_config_default();
    config.max_stanza_size = 160;
    xmpp_wire_parser *p = NULL;
    CHECK_OK(xmpp_wire_parser_new(&config, &p));
    char input[4096];
    int len = snprintf(input, sizeof input, "%s", HARNESS_CLIENT_HEADER);
    for (int i = 0; i < 50; i++)
        len += snprintf(input + len, sizeof input - (size_t)len, "<presence id='p%d'/>", i);
    size_t at = 0, frames = 0, short_feeds = 0;
    while (at < (size_t)len) {
        size_t taken = 0;
        CHECK_OK(xmpp_wire_parser_feed(p, (const uint8_t *)input + at, (size_t)len - at, &taken));
        if (taken < (size_t)len - at)
            short_feeds++;
        at += taken;
        xmpp_wire_frame f;
        while (xmpp_wire_parser_next_frame(p, &f) == XMPP_WIRE_STATUS_OK) {
            if (frames > 0) {
                char id[32];
                snprintf(id, sizeof id, "p%zu", frames - 1);
                CHECK_STR(f.id, id);
            }
            frames++;
        }
        if (taken == 0 && frames == 0)
            break;
    }
    CHECK(frames == 51);
    CHECK(short_feeds > 0);
    xmpp_wire_parser_free(p);
}

/* A frame is valid until the next feed, next_frame, reset or free; accessors refuse it after. */
static void frames_expire(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, HARNESS_CLIENT_HEADER "<presence id='a'/>");
    xmpp_wire_frame first = next(p);
    xmpp_wire_attr a;
    CHECK_OK(xmpp_wire_frame_attr_at(&first, 0, &a));
    xmpp_wire_frame second = next(p);
    CHECK_STATUS(xmpp_wire_frame_attr_at(&first, 0, &a), XMPP_WIRE_STATUS_FRAME_EXPIRED);
    CHECK_OK(xmpp_wire_frame_attr_at(&second, 0, &a));
    CHECK_STR(a.value, "a");
    harness_feed(p, " ");
    char buf[8];
    size_t len;
    CHECK_STATUS(xmpp_wire_frame_attr(&second, "id", 2, buf, sizeof buf, &len), XMPP_WIRE_STATUS_FRAME_EXPIRED);
    xmpp_wire_payload pl;
    CHECK_STATUS(xmpp_wire_frame_payload(&second, 0, &pl), XMPP_WIRE_STATUS_FRAME_EXPIRED);
    xmpp_wire_parser_free(p);
}

int main(void) {
    RUN(config_default_is_the_cores);
    RUN(stream_open_frame);
    RUN(stanza_frame);
    RUN(iq_problems_are_diagnostics);
    RUN(element_and_close_frames);
    RUN(many_payloads);
    RUN(restart_after_sasl_success);
    RUN(reset_starts_a_new_stream);
    RUN(finish_reports_a_cut_element);
    RUN(websocket_framing);
    RUN(partial_feeds);
    RUN(frames_expire);
    return harness_finish("parser");
}
