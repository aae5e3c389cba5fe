/*
 * echo_bot: the server side of a tiny XMPP conversation, to show the writer.
 *
 *     echo_bot < client-stream.xml
 *
 * Reads a client's stream from standard input and writes, to standard output, what a minimal
 * entity answers: a stream header for the client's header; for each IQ `get` or `set`, a
 * `result` (XEP-0199 ping; XEP-0092 software version, with a payload built element by element)
 * or an `error` (`bad-request` for an IQ that breaks RFC 6120 §8.2.3, `service-unavailable` for
 * anything else); for each chat message, a reply that echoes its sender, with the body
 * escaped by the writer; and a stream close for the client's close. A stream error is answered
 * with `<stream:error/>` and a close, as RFC 6120 §4.9.1.1 requires.
 */

#include <stdio.h>
#include <string.h>

#include "xmpp_wire.h"

#define S(literal) literal, sizeof(literal) - 1

static char out[65536];

/* Writes `len` bytes of `out` to standard output. */
static void emit(size_t len) {
    fwrite(out, 1, len, stdout);
    putchar('\n');
}

static int same(xmpp_wire_str s, const char *c) {
    return s.ptr != NULL && s.len == strlen(c) && memcmp(s.ptr, c, s.len) == 0;
}

/* Answers one IQ request with the one-call writers, or with the writer handle for a payload. */
static xmpp_wire_status answer_iq(const xmpp_wire_frame *iq, xmpp_wire_writer *w) {
    size_t len = 0;
    xmpp_wire_status status;
    xmpp_wire_payload payload;
    if (iq->iq_problem != XMPP_WIRE_IQ_PROBLEM_NONE) {
        /* RFC 6120 §8.2.3: a malformed request gets bad-request; without an id, nothing. */
        if (iq->id.ptr == NULL)
            return XMPP_WIRE_STATUS_OK;
        status = xmpp_wire_write_iq_error(iq, XMPP_WIRE_MODE_TCP, XMPP_WIRE_ERROR_TYPE_MODIFY,
                                          XMPP_WIRE_STANZA_ERROR_BAD_REQUEST, NULL, 0, out,
                                          sizeof out, &len);
    } else if (!same(iq->stanza_type, "get") && !same(iq->stanza_type, "set")) {
        return XMPP_WIRE_STATUS_OK; /* never answer a result or an error (§8.2.3) */
    } else if ((status = xmpp_wire_frame_payload(iq, 0, &payload)) != XMPP_WIRE_STATUS_OK) {
        return status;
    } else if (same(payload.ns, "urn:xmpp:ping")) {
        status = xmpp_wire_write_iq_result(iq, XMPP_WIRE_MODE_TCP, out, sizeof out, &len);
    } else if (same(payload.ns, "jabber:iq:version") && same(iq->stanza_type, "get")) {
        if ((status = xmpp_wire_writer_iq_result(w, iq)) != XMPP_WIRE_STATUS_OK ||
            (status = xmpp_wire_writer_start(w, S("query"))) != XMPP_WIRE_STATUS_OK ||
            (status = xmpp_wire_writer_ns(w, S("jabber:iq:version"))) != XMPP_WIRE_STATUS_OK ||
            (status = xmpp_wire_writer_element(w, S("name"), S("echo_bot <C>"))) != XMPP_WIRE_STATUS_OK ||
            (status = xmpp_wire_writer_element(w, S("version"), S("1.0"))) != XMPP_WIRE_STATUS_OK ||
            (status = xmpp_wire_writer_end(w)) != XMPP_WIRE_STATUS_OK ||
            (status = xmpp_wire_writer_end(w)) != XMPP_WIRE_STATUS_OK)
            return status;
        status = xmpp_wire_writer_finish(w, out, sizeof out, &len);
    } else {
        status = xmpp_wire_write_iq_error(iq, XMPP_WIRE_MODE_TCP, XMPP_WIRE_ERROR_TYPE_CANCEL,
                                          XMPP_WIRE_STANZA_ERROR_SERVICE_UNAVAILABLE, NULL, 0,
                                          out, sizeof out, &len);
    }
    if (status == XMPP_WIRE_STATUS_OK)
        emit(len);
    return status;
}

/* Replies to a chat message: to its sender, saying who it was from. */
static xmpp_wire_status answer_message(const xmpp_wire_frame *m, xmpp_wire_writer *w) {
    if (!same(m->stanza_type, "chat") || m->from.ptr == NULL)
        return XMPP_WIRE_STATUS_OK;
    char body[512];
    int body_len = snprintf(body, sizeof body, "echo to %.*s: you sent %zu payload(s) & %zu bytes",
                            (int)m->from.len, m->from.ptr, m->payload_count, m->raw.len);
    if (body_len < 0 || (size_t)body_len >= sizeof body)
        return XMPP_WIRE_STATUS_BUFFER_TOO_SMALL;
    xmpp_wire_stanza_header h = {0};
    h.to = m->from;
    h.from = m->to;
    h.id = m->id;
    h.stanza_type = m->stanza_type;
    size_t len = 0;
    xmpp_wire_status status;
    if ((status = xmpp_wire_writer_message(w, &h)) != XMPP_WIRE_STATUS_OK ||
        (status = xmpp_wire_writer_element(w, S("body"), body, (size_t)body_len)) != XMPP_WIRE_STATUS_OK ||
        (status = xmpp_wire_writer_end(w)) != XMPP_WIRE_STATUS_OK ||
        (status = xmpp_wire_writer_finish(w, out, sizeof out, &len)) != XMPP_WIRE_STATUS_OK)
        return status;
    emit(len);
    return XMPP_WIRE_STATUS_OK;
}

static xmpp_wire_status answer(const xmpp_wire_frame *f, xmpp_wire_writer *w) {
    size_t len = 0;
    xmpp_wire_status status = XMPP_WIRE_STATUS_OK;
    switch (f->kind) {
    case XMPP_WIRE_FRAME_KIND_STREAM_OPEN: {
        xmpp_wire_stream_header h = xmpp_wire_stream_header_default();
        h.from = f->to; /* we are the entity the client addressed */
        h.to = f->from;
        h.id = (xmpp_wire_str){S("echo-1")};
        status = xmpp_wire_write_stream_open(XMPP_WIRE_MODE_TCP, &h, out, sizeof out, &len);
        break;
    }
    case XMPP_WIRE_FRAME_KIND_STANZA:
        if (f->stanza_kind == XMPP_WIRE_STANZA_KIND_IQ)
            return answer_iq(f, w);
        if (f->stanza_kind == XMPP_WIRE_STANZA_KIND_MESSAGE)
            return answer_message(f, w);
        return XMPP_WIRE_STATUS_OK;
    case XMPP_WIRE_FRAME_KIND_ELEMENT:
        return XMPP_WIRE_STATUS_OK;
    case XMPP_WIRE_FRAME_KIND_STREAM_CLOSE:
        status = xmpp_wire_write_stream_close(XMPP_WIRE_MODE_TCP, out, sizeof out, &len);
        break;
    }
    if (status == XMPP_WIRE_STATUS_OK)
        emit(len);
    return status;
}

int main(void) {
    xmpp_wire_config config = xmpp_wire_config_default();
    xmpp_wire_parser *p = NULL;
    xmpp_wire_writer *w = NULL;
    if (xmpp_wire_parser_new(&config, &p) != XMPP_WIRE_STATUS_OK ||
        xmpp_wire_writer_new(XMPP_WIRE_MODE_TCP, &w) != XMPP_WIRE_STATUS_OK)
        return 2;
    unsigned char buf[4096];
    size_t n;
    int rc = 0;
    xmpp_wire_status status = XMPP_WIRE_STATUS_OK;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        for (size_t at = 0, taken = 0; rc == 0 && at < n; at += taken) {
            if ((status = xmpp_wire_parser_feed(p, buf + at, n - at, &taken)) != XMPP_WIRE_STATUS_OK) {
                if (status != XMPP_WIRE_STATUS_STREAM_ERROR)
                    rc = 2;
                break;
            }
            xmpp_wire_frame f;
            while ((status = xmpp_wire_parser_next_frame(p, &f)) == XMPP_WIRE_STATUS_OK) {
                if ((status = answer(&f, w)) != XMPP_WIRE_STATUS_OK) {
                    fprintf(stderr, "echo_bot: cannot answer: %s\n", xmpp_wire_status_str(status));
                    rc = 2;
                    break;
                }
            }
            if (status == XMPP_WIRE_STATUS_STREAM_ERROR)
                break;
            if (rc == 0 && status != XMPP_WIRE_STATUS_NEED_MORE)
                rc = 2;
        }
        if (status == XMPP_WIRE_STATUS_STREAM_ERROR) {
            xmpp_wire_stream_error e;
            size_t len = 0, more = 0;
            xmpp_wire_parser_error(p, &e);
            fprintf(stderr, "echo_bot: %s at offset %llu: %.*s\n", xmpp_wire_condition_str(e.condition),
                    (unsigned long long)e.offset, (int)e.reason.len, e.reason.ptr);
            if (xmpp_wire_write_stream_error(XMPP_WIRE_MODE_TCP, e.condition, NULL, 0, out,
                                             sizeof out, &len) == XMPP_WIRE_STATUS_OK &&
                xmpp_wire_write_stream_close(XMPP_WIRE_MODE_TCP, out + len, sizeof out - len,
                                             &more) == XMPP_WIRE_STATUS_OK)
                emit(len + more);
            rc = 1;
        }
    }
    xmpp_wire_writer_free(w);
    xmpp_wire_parser_free(p);
    return rc;
}
