/*
 * The IQ tracker: replies matched to requests by id and sender, spoofed and unsolicited
 * replies, trusted roster pushes, timeouts, capacity and argument checks.
 */

#include <stdlib.h>

#include "harness.h"

#define S(literal) literal, sizeof(literal) - 1

#define SERVER_HEADER                                                                     \
    "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' " \
    "from='example.com' id='s1' version='1.0'>"

/* Parses one stanza on a client stream (as the server sends it) and returns the tracker's
 * verdict. */
static xmpp_wire_verdict verdict_of(xmpp_wire_iq_tracker *t, uint32_t mode, const char *xml) {
    xmpp_wire_parser *p = harness_parser(mode);
    harness_feed(p, mode == XMPP_WIRE_MODE_TCP
                        ? SERVER_HEADER
                        : "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='example.com'/>");
    harness_feed(p, xml);
    xmpp_wire_frame f;
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    xmpp_wire_verdict v = XMPP_WIRE_VERDICT_UNSOLICITED;
    /* The header itself is no reply. */
    CHECK_OK(xmpp_wire_iq_tracker_on_frame(t, &f, &v));
    CHECK(v == XMPP_WIRE_VERDICT_NOT_A_REPLY);
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    CHECK_OK(xmpp_wire_iq_tracker_on_frame(t, &f, &v));
    xmpp_wire_parser_free(p);
    return v;
}

static bool trusted_push(xmpp_wire_iq_tracker *t, const char *xml) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, SERVER_HEADER);
    harness_feed(p, xml);
    xmpp_wire_frame f;
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    bool trusted = true;
    CHECK_OK(xmpp_wire_iq_tracker_is_trusted_push(t, &f, &trusted));
    xmpp_wire_parser_free(p);
    return trusted;
}

static xmpp_wire_iq_tracker *tracker(void) {
    xmpp_wire_iq_tracker *t = NULL;
    CHECK_OK(xmpp_wire_iq_tracker_new(S("juliet@example.com/balcony"), &t));
    return t;
}

static void replies_are_matched_by_id_and_sender(void) {
    xmpp_wire_iq_tracker *t = tracker();
    CHECK_OK(xmpp_wire_iq_tracker_track(t, S("v1"), S("romeo@example.net/orchard"), 0, 30000));
    CHECK_OK(xmpp_wire_iq_tracker_track(t, S("r&1"), NULL, 0, 0, 30000));
    size_t n = 0;
    CHECK_OK(xmpp_wire_iq_tracker_len(t, &n));
    CHECK(n == 2);
    CHECK(verdict_of(t, XMPP_WIRE_MODE_TCP, "<iq type='result' id='v1' from='mallory@evil.example/x'/>") ==
          XMPP_WIRE_VERDICT_SPOOFED);
    CHECK(verdict_of(t, XMPP_WIRE_MODE_TCP, "<iq type='result' id='v1' from='romeo@example.net/orchard'/>") ==
          XMPP_WIRE_VERDICT_MATCHED);
    CHECK(verdict_of(t, XMPP_WIRE_MODE_TCP, "<iq type='result' id='v1' from='romeo@example.net/orchard'/>") ==
          XMPP_WIRE_VERDICT_UNSOLICITED);
    /* Sent to the server: it answers without `from`; ids are compared decoded. */
    CHECK(verdict_of(t, XMPP_WIRE_MODE_TCP, "<iq type='result' id='r&amp;1'/>") == XMPP_WIRE_VERDICT_MATCHED);
    CHECK(verdict_of(t, XMPP_WIRE_MODE_TCP, "<iq type='get' id='q1' from='a@b.c/d'><ping xmlns='urn:xmpp:ping'/></iq>") ==
          XMPP_WIRE_VERDICT_NOT_A_REPLY);
    CHECK(verdict_of(t, XMPP_WIRE_MODE_TCP, "<message id='v1'/>") == XMPP_WIRE_VERDICT_NOT_A_REPLY);
    CHECK_OK(xmpp_wire_iq_tracker_len(t, &n));
    CHECK(n == 0);
    xmpp_wire_iq_tracker_free(t);
}

static void websocket_replies(void) {
    xmpp_wire_iq_tracker *t = tracker();
    CHECK_OK(xmpp_wire_iq_tracker_track(t, S("w1"), NULL, 0, 0, 10));
    CHECK(verdict_of(t, XMPP_WIRE_MODE_WEBSOCKET, "<iq xmlns='jabber:client' type='error' id='w1'/>") ==
          XMPP_WIRE_VERDICT_MATCHED);
    xmpp_wire_iq_tracker_free(t);
}

static void roster_pushes(void) {
    xmpp_wire_iq_tracker *t = tracker();
    CHECK(trusted_push(t, "<iq type='set' id='p1'><query xmlns='jabber:iq:roster'/></iq>"));
    CHECK(trusted_push(t, "<iq type='set' id='p2' from='juliet@example.com'><query xmlns='jabber:iq:roster'/></iq>"));
    CHECK(!trusted_push(t, "<iq type='set' id='p3' from='mallory@evil.example'><query xmlns='jabber:iq:roster'/></iq>"));
    CHECK(!trusted_push(t, "<iq type='set' id='p4'><query xmlns='jabber:iq:private'/></iq>"));
    CHECK(!trusted_push(t, "<message/>"));
    xmpp_wire_iq_tracker_free(t);
}

struct expired {
    int count;
    char ids[8][16];
    bool had_to[8];
};

static void on_expired(void *user_data, xmpp_wire_str id, xmpp_wire_str to) {
    struct expired *e = user_data;
    if (e->count < 8) {
        snprintf(e->ids[e->count], sizeof e->ids[0], "%.*s", (int)id.len, id.ptr);
        e->had_to[e->count] = to.ptr != NULL;
        e->count++;
    }
}

static void timeouts(void) {
    xmpp_wire_iq_tracker *t = tracker();
    uint64_t deadline = 0;
    CHECK_STATUS(xmpp_wire_iq_tracker_next_deadline(t, &deadline), XMPP_WIRE_STATUS_NOT_FOUND);
    CHECK_OK(xmpp_wire_iq_tracker_track(t, S("a"), NULL, 0, 100, 50));
    CHECK_OK(xmpp_wire_iq_tracker_track(t, S("b"), S("example.com"), 100, 100));
    CHECK_OK(xmpp_wire_iq_tracker_next_deadline(t, &deadline));
    CHECK(deadline == 150);
    struct expired e = {0};
    size_t n = 99;
    CHECK_OK(xmpp_wire_iq_tracker_expire(t, 149, on_expired, &e, &n));
    CHECK(n == 0 && e.count == 0);
    CHECK_OK(xmpp_wire_iq_tracker_expire(t, 150, on_expired, &e, &n));
    CHECK(n == 1 && e.count == 1 && strcmp(e.ids[0], "a") == 0 && !e.had_to[0]);
    CHECK_OK(xmpp_wire_iq_tracker_expire(t, 1000, on_expired, &e, &n));
    CHECK(n == 1 && e.count == 2 && strcmp(e.ids[1], "b") == 0 && e.had_to[1]);
    /* A reply after its request timed out is unsolicited. */
    CHECK(verdict_of(t, XMPP_WIRE_MODE_TCP, "<iq type='result' id='a'/>") == XMPP_WIRE_VERDICT_UNSOLICITED);
    xmpp_wire_iq_tracker_free(t);
}

static void cancel_clear_capacity(void) {
    xmpp_wire_iq_tracker *t = tracker();
    CHECK_OK(xmpp_wire_iq_tracker_track(t, S("x"), NULL, 0, 0, 1));
    CHECK_STATUS(xmpp_wire_iq_tracker_track(t, S("x"), NULL, 0, 0, 1), XMPP_WIRE_STATUS_DUPLICATE_ID);
    CHECK_OK(xmpp_wire_iq_tracker_cancel(t, S("x")));
    CHECK_STATUS(xmpp_wire_iq_tracker_cancel(t, S("x")), XMPP_WIRE_STATUS_NOT_FOUND);
    for (int i = 0; i < XMPP_WIRE_IQ_TRACKER_CAPACITY; i++) {
        char id[16];
        int len = snprintf(id, sizeof id, "id%d", i);
        CHECK_OK(xmpp_wire_iq_tracker_track(t, id, (size_t)len, NULL, 0, 0, 1));
    }
    CHECK_STATUS(xmpp_wire_iq_tracker_track(t, S("one-more"), NULL, 0, 0, 1), XMPP_WIRE_STATUS_TRACKER_FULL);
    size_t n = 0;
    CHECK_OK(xmpp_wire_iq_tracker_len(t, &n));
    CHECK(n == XMPP_WIRE_IQ_TRACKER_CAPACITY);
    CHECK_OK(xmpp_wire_iq_tracker_clear(t));
    CHECK_OK(xmpp_wire_iq_tracker_len(t, &n));
    CHECK(n == 0);
    xmpp_wire_iq_tracker_free(t);
}

static void bad_jids_and_ids(void) {
    xmpp_wire_iq_tracker *t = NULL;
    CHECK_STATUS(xmpp_wire_iq_tracker_new(S("@example.com"), &t), XMPP_WIRE_STATUS_INVALID_JID);
    CHECK_STATUS(xmpp_wire_iq_tracker_new(S(""), &t), XMPP_WIRE_STATUS_INVALID_JID);
    CHECK_STATUS(xmpp_wire_iq_tracker_new(S("a@\xff"), &t), XMPP_WIRE_STATUS_INVALID_UTF8);
    char long_jid[400];
    memset(long_jid, 'a', sizeof long_jid);
    CHECK_STATUS(xmpp_wire_iq_tracker_new(long_jid, sizeof long_jid, &t), XMPP_WIRE_STATUS_TOO_LONG);
    CHECK(t == NULL);
    t = tracker();
    CHECK_STATUS(xmpp_wire_iq_tracker_track(t, long_jid, 100, NULL, 0, 0, 1), XMPP_WIRE_STATUS_TOO_LONG);
    CHECK_STATUS(xmpp_wire_iq_tracker_track(t, S("ok"), S("a@"), 0, 1), XMPP_WIRE_STATUS_INVALID_JID);
    CHECK_STATUS(xmpp_wire_iq_tracker_set_account(t, S("/r")), XMPP_WIRE_STATUS_INVALID_JID);
    CHECK_OK(xmpp_wire_iq_tracker_set_account(t, S("juliet@example.com/other")));
    xmpp_wire_iq_tracker_free(t);
}

int main(void) {
    RUN(replies_are_matched_by_id_and_sender);
    RUN(websocket_replies);
    RUN(roster_pushes);
    RUN(timeouts);
    RUN(cancel_clear_capacity);
    RUN(bad_jids_and_ids);
    return harness_finish("iq_tracker");
}
