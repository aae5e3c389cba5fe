/*
 * Error paths: stream errors (oversized stanza, bad UTF-8, restricted XML) with their conditions
 * and offsets, sticky errors, a writer buffer that is too small, NULL and out-of-range
 * arguments, invalid UTF-8 arguments, expired frames, allocation failure.
 */

#include <stdlib.h>

#include "harness.h"

#define HEADER_LEN (sizeof(HARNESS_CLIENT_HEADER) - 1)

/* Feeds `input` after a client header in `chunk`-byte pieces and expects a stream error with
 * `condition` at `offset`, after `frames` frames. */
static void expect_error(const xmpp_wire_config *config, const char *input, size_t input_len,
                         size_t chunk, size_t frames, xmpp_wire_condition condition,
                         uint64_t offset) {
    xmpp_wire_parser *p = NULL;
    CHECK_OK(xmpp_wire_parser_new(config, &p));
    if (p == NULL)
        return;
    size_t seen = 0, at = 0;
    xmpp_wire_status status = XMPP_WIRE_STATUS_OK;
    while (at < input_len) {
        size_t piece = input_len - at < chunk ? input_len - at : chunk, taken = 0;
        status = xmpp_wire_parser_feed(p, (const uint8_t *)input + at, piece, &taken);
        if (status != XMPP_WIRE_STATUS_OK)
            break;
        at += taken;
        xmpp_wire_frame f;
        size_t before = seen;
        while ((status = xmpp_wire_parser_next_frame(p, &f)) == XMPP_WIRE_STATUS_OK)
            seen++;
        if (status != XMPP_WIRE_STATUS_NEED_MORE)
            break;
        if (taken == 0 && seen == before) {
            fprintf(stderr, "stalled after %zu bytes\n", at);
            break;
        }
    }
    CHECK_STATUS(status, XMPP_WIRE_STATUS_STREAM_ERROR);
    CHECK(seen == frames);
    xmpp_wire_stream_error e;
    memset(&e, 0, sizeof e);
    CHECK_OK(xmpp_wire_parser_error(p, &e));
    if (e.condition != condition || e.offset != offset)
        fprintf(stderr, "  error: %s at %llu (%.*s), want %s at %llu\n",
                xmpp_wire_condition_str(e.condition), (unsigned long long)e.offset,
                (int)e.reason.len, e.reason.ptr, xmpp_wire_condition_str(condition),
                (unsigned long long)offset);
    CHECK(e.condition == condition);
    CHECK(e.offset == offset);
    CHECK(e.reason.ptr != NULL && e.reason.len > 0);
    xmpp_wire_parser_free(p);
}

static void expect_error_str(const char *input, size_t frames, xmpp_wire_condition condition,
                             uint64_t offset) {
    xmpp_wire_config config = xmpp_wire_config_default();
    expect_error(&config, input, strlen(input), 4096, frames, condition, offset);
    expect_error(&config, input, strlen(input), 1, frames, condition, offset);
}

static void oversized_stanza(void) {
    xmpp_wire_config config = xmpp_wire_config_default();
    config.max_stanza_size = 1024;
    char input[4096];
    int len = snprintf(input, sizeof input, "%s<message><body>", HARNESS_CLIENT_HEADER);
    memset(input + len, 'a', 2000);
    len += 2000;
    len += snprintf(input + len, sizeof input - (size_t)len, "</body></message>");
    /* RFC 6120 §13.12: found at the first byte past the limit, without buffering the rest. */
    expect_error(&config, input, (size_t)len, 4096, 1, XMPP_WIRE_CONDITION_POLICY_VIOLATION,
                 HEADER_LEN + 1024);
    expect_error(&config, input, (size_t)len, 1, 1, XMPP_WIRE_CONDITION_POLICY_VIOLATION,
                 HEADER_LEN + 1024);
    /* An element of exactly the limit passes. */
    xmpp_wire_parser *p = NULL;
    config.max_stanza_size = 512;
    CHECK_OK(xmpp_wire_parser_new(&config, &p));
    harness_feed(p, HARNESS_CLIENT_HEADER);
    xmpp_wire_frame f;
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    char exact[600];
    int n = snprintf(exact, sizeof exact, "<message><body>%0*d</body></message>",
                     512 - (int)strlen("<message><body></body></message>"), 0);
    CHECK(n == 512);
    harness_feed(p, exact);
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    CHECK(f.raw.len == 512);
    xmpp_wire_parser_free(p);
}

static void too_deep(void) {
    xmpp_wire_config config = xmpp_wire_config_default();
    config.max_depth = 4;
    const char *input = HARNESS_CLIENT_HEADER "<message><a><b><c/></b></a></message>";
    expect_error(&config, input, strlen(input), 4096, 1, XMPP_WIRE_CONDITION_POLICY_VIOLATION,
                 HEADER_LEN + strlen("<message><a><b>"));
}

static void bad_utf8(void) {
    /* An invalid sequence is reported at its lead byte; a stray continuation byte too. */
    expect_error_str(HARNESS_CLIENT_HEADER "<message><body>ok \xC3\x28</body></message>", 1,
                     XMPP_WIRE_CONDITION_NOT_WELL_FORMED, HEADER_LEN + strlen("<message><body>ok "));
    expect_error_str(HARNESS_CLIENT_HEADER "<presence/><message to='\x80'/>", 2,
                     XMPP_WIRE_CONDITION_NOT_WELL_FORMED,
                     HEADER_LEN + strlen("<presence/><message to='"));
}

static void restricted_xml(void) {
    /* RFC 6120 §11.1: no comments, processing instructions, DTDs or undefined entities. */
    expect_error_str(HARNESS_CLIENT_HEADER "<presence/><!-- no -->", 2,
                     XMPP_WIRE_CONDITION_RESTRICTED_XML, HEADER_LEN + 11);
    expect_error_str(HARNESS_CLIENT_HEADER "<message><?pi x?></message>", 1,
                     XMPP_WIRE_CONDITION_RESTRICTED_XML, HEADER_LEN + 9);
    expect_error_str(HARNESS_CLIENT_HEADER "<message>&nbsp;</message>", 1,
                     XMPP_WIRE_CONDITION_RESTRICTED_XML, HEADER_LEN + 9);
    expect_error_str("<!DOCTYPE x>", 0, XMPP_WIRE_CONDITION_RESTRICTED_XML, 0);
}

static void other_stream_errors(void) {
    expect_error_str(HARNESS_CLIENT_HEADER "<message></iq>", 1, XMPP_WIRE_CONDITION_NOT_WELL_FORMED,
                     HEADER_LEN + 11);
    expect_error_str(HARNESS_CLIENT_HEADER "hello", 1, XMPP_WIRE_CONDITION_BAD_FORMAT, HEADER_LEN);
    expect_error_str(HARNESS_CLIENT_HEADER "<x:y/>", 1, XMPP_WIRE_CONDITION_BAD_NAMESPACE_PREFIX,
                     HEADER_LEN + 1);
}

/* Errors are final: every later call returns STREAM_ERROR, and nothing is taken. */
static void errors_are_sticky(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, HARNESS_CLIENT_HEADER "<presence/><!-- -->");
    xmpp_wire_frame f;
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f)); /* frames before the error come first */
    CHECK_STATUS(xmpp_wire_parser_next_frame(p, &f), XMPP_WIRE_STATUS_STREAM_ERROR);
    CHECK_STATUS(xmpp_wire_parser_next_frame(p, &f), XMPP_WIRE_STATUS_STREAM_ERROR);
    size_t taken = 77;
    CHECK_STATUS(xmpp_wire_parser_feed(p, (const uint8_t *)"<a/>", 4, &taken), XMPP_WIRE_STATUS_STREAM_ERROR);
    CHECK(taken == 77);
    CHECK_STATUS(xmpp_wire_parser_finish(p), XMPP_WIRE_STATUS_STREAM_ERROR);
    xmpp_wire_stream_error e;
    CHECK_OK(xmpp_wire_parser_error(p, &e));
    CHECK(e.condition == XMPP_WIRE_CONDITION_RESTRICTED_XML);
    xmpp_wire_parser_free(p);
}

static void writer_buffer_too_small(void) {
    char buf[64];
    size_t len = 0;
    /* snprintf-style: the needed length comes back, then a buffer that size works. */
    CHECK_STATUS(xmpp_wire_write_stream_close(XMPP_WIRE_MODE_TCP, buf, 4, &len),
                 XMPP_WIRE_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == strlen("</stream:stream>"));
    CHECK_STATUS(xmpp_wire_write_stream_close(XMPP_WIRE_MODE_TCP, NULL, 0, &len),
                 XMPP_WIRE_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == 16);
    CHECK_OK(xmpp_wire_write_stream_close(XMPP_WIRE_MODE_TCP, buf, 16, &len));
    CHECK_BYTES(buf, len, "</stream:stream>");

    xmpp_wire_stream_header h = xmpp_wire_stream_header_default();
    CHECK_STATUS(xmpp_wire_write_stream_open(XMPP_WIRE_MODE_TCP, &h, buf, sizeof buf, &len),
                 XMPP_WIRE_STATUS_BUFFER_TOO_SMALL);
    size_t needed = len;
    CHECK(needed > sizeof buf);
    char *big = malloc(needed);
    CHECK_OK(xmpp_wire_write_stream_open(XMPP_WIRE_MODE_TCP, &h, big, needed, &len));
    CHECK(len == needed);
    free(big);

    /* The writer handle keeps its output when the buffer is too small. */
    xmpp_wire_writer *w = NULL;
    CHECK_OK(xmpp_wire_writer_new(XMPP_WIRE_MODE_TCP, &w));
    xmpp_wire_stanza_header sh = {0};
    CHECK_OK(xmpp_wire_writer_presence(w, &sh));
    CHECK_OK(xmpp_wire_writer_end(w));
    CHECK_STATUS(xmpp_wire_writer_finish(w, buf, 3, &len), XMPP_WIRE_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == strlen("<presence/>"));
    CHECK_OK(xmpp_wire_writer_finish(w, buf, sizeof buf, &len));
    CHECK_BYTES(buf, len, "<presence/>");
    CHECK_OK(xmpp_wire_writer_finish(w, buf, sizeof buf, &len));
    CHECK(len == 0);
    xmpp_wire_writer_free(w);
}

/* Every function refuses NULL where it needs a pointer; `_free(NULL)` does nothing. */
static void null_arguments(void) {
    const xmpp_wire_status NUL = XMPP_WIRE_STATUS_NULL_ARGUMENT;
    xmpp_wire_config config = xmpp_wire_config_default();
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, HARNESS_CLIENT_HEADER "<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>");
    xmpp_wire_frame f;
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    xmpp_wire_writer *w = NULL;
    CHECK_OK(xmpp_wire_writer_new(XMPP_WIRE_MODE_TCP, &w));
    xmpp_wire_iq_tracker *t = NULL;
    CHECK_OK(xmpp_wire_iq_tracker_new("a@b.c", 5, &t));
    size_t n = 0;
    uint64_t u = 0;
    bool yes = false;
    char buf[256];
    xmpp_wire_attr attr;
    xmpp_wire_payload payload;
    xmpp_wire_stream_error error;
    xmpp_wire_verdict verdict;
    xmpp_wire_stream_header sh = xmpp_wire_stream_header_default();
    xmpp_wire_stanza_header h = {0};

    CHECK_STATUS(xmpp_wire_parser_new(NULL, &p), NUL);
    CHECK_STATUS(xmpp_wire_parser_new(&config, NULL), NUL);
    CHECK_STATUS(xmpp_wire_parser_feed(NULL, (const uint8_t *)"x", 1, &n), NUL);
    CHECK_STATUS(xmpp_wire_parser_feed(p, NULL, 1, &n), NUL);
    CHECK_STATUS(xmpp_wire_parser_feed(p, (const uint8_t *)"x", 1, NULL), NUL);
    CHECK_STATUS(xmpp_wire_parser_next_frame(NULL, &f), NUL);
    CHECK_STATUS(xmpp_wire_parser_next_frame(p, NULL), NUL);
    CHECK_STATUS(xmpp_wire_parser_finish(NULL), NUL);
    CHECK_STATUS(xmpp_wire_parser_error(NULL, &error), NUL);
    CHECK_STATUS(xmpp_wire_parser_error(p, NULL), NUL);
    CHECK_STATUS(xmpp_wire_parser_reset(NULL), NUL);

    /* Re-take a current frame for the accessors. */
    CHECK_OK(xmpp_wire_parser_reset(p));
    harness_feed(p, HARNESS_CLIENT_HEADER "<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>");
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    CHECK_STATUS(xmpp_wire_frame_attr(NULL, "id", 2, buf, sizeof buf, &n), NUL);
    CHECK_STATUS(xmpp_wire_frame_attr(&f, NULL, 2, buf, sizeof buf, &n), NUL);
    CHECK_STATUS(xmpp_wire_frame_attr(&f, "id", 2, NULL, 5, &n), NUL);
    CHECK_STATUS(xmpp_wire_frame_attr(&f, "id", 2, buf, sizeof buf, NULL), NUL);
    CHECK_STATUS(xmpp_wire_frame_attr_at(NULL, 0, &attr), NUL);
    CHECK_STATUS(xmpp_wire_frame_attr_at(&f, 0, NULL), NUL);
    CHECK_STATUS(xmpp_wire_frame_payload(NULL, 0, &payload), NUL);
    CHECK_STATUS(xmpp_wire_frame_payload(&f, 0, NULL), NUL);
    xmpp_wire_frame orphan = f;
    orphan.parser = NULL;
    CHECK_STATUS(xmpp_wire_frame_payload(&orphan, 0, &payload), NUL);

    CHECK_STATUS(xmpp_wire_write_stream_open(XMPP_WIRE_MODE_TCP, NULL, buf, sizeof buf, &n), NUL);
    CHECK_STATUS(xmpp_wire_write_stream_open(XMPP_WIRE_MODE_TCP, &sh, NULL, 5, &n), NUL);
    CHECK_STATUS(xmpp_wire_write_stream_open(XMPP_WIRE_MODE_TCP, &sh, buf, sizeof buf, NULL), NUL);
    CHECK_STATUS(xmpp_wire_write_stream_error(XMPP_WIRE_MODE_TCP, 0, NULL, 3, buf, sizeof buf, &n),
                 XMPP_WIRE_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(xmpp_wire_write_stream_error(XMPP_WIRE_MODE_TCP, 0, NULL, 0, buf, sizeof buf, NULL), NUL);
    CHECK_STATUS(xmpp_wire_write_stream_close(XMPP_WIRE_MODE_TCP, buf, sizeof buf, NULL), NUL);
    CHECK_STATUS(xmpp_wire_write_iq_result(NULL, XMPP_WIRE_MODE_TCP, buf, sizeof buf, &n), NUL);
    CHECK_STATUS(xmpp_wire_write_iq_result(&f, XMPP_WIRE_MODE_TCP, buf, sizeof buf, NULL), NUL);
    CHECK_STATUS(xmpp_wire_write_iq_error(NULL, 0, 0, 0, NULL, 0, buf, sizeof buf, &n), NUL);
    CHECK_STATUS(xmpp_wire_write_iq_error(&f, 0, 0, 0, NULL, 0, buf, sizeof buf, NULL), NUL);

    CHECK_STATUS(xmpp_wire_writer_new(XMPP_WIRE_MODE_TCP, NULL), NUL);
    CHECK_STATUS(xmpp_wire_writer_stream_open(NULL, &sh), NUL);
    CHECK_STATUS(xmpp_wire_writer_stream_open(w, NULL), NUL);
    CHECK_STATUS(xmpp_wire_writer_stream_error(NULL, 0, NULL, 0), NUL);
    CHECK_STATUS(xmpp_wire_writer_stream_close(NULL), NUL);
    CHECK_STATUS(xmpp_wire_writer_keepalive(NULL), NUL);
    CHECK_STATUS(xmpp_wire_writer_message(NULL, &h), NUL);
    CHECK_STATUS(xmpp_wire_writer_message(w, NULL), NUL);
    CHECK_STATUS(xmpp_wire_writer_presence(w, NULL), NUL);
    CHECK_STATUS(xmpp_wire_writer_iq(w, NULL), NUL);
    CHECK_STATUS(xmpp_wire_writer_iq_result(w, NULL), NUL);
    CHECK_STATUS(xmpp_wire_writer_iq_result(NULL, &f), NUL);
    CHECK_STATUS(xmpp_wire_writer_iq_error(w, NULL, 0, 0, NULL, 0), NUL);
    CHECK_STATUS(xmpp_wire_writer_error_element(NULL, 0, 0, NULL, 0), NUL);
    CHECK_STATUS(xmpp_wire_writer_start(w, NULL, 1), NUL);
    CHECK_STATUS(xmpp_wire_writer_start(NULL, "a", 1), NUL);
    CHECK_STATUS(xmpp_wire_writer_attr(w, NULL, 1, "v", 1), NUL);
    CHECK_STATUS(xmpp_wire_writer_attr(w, "a", 1, NULL, 1), NUL);
    CHECK_STATUS(xmpp_wire_writer_ns(w, NULL, 1), NUL);
    CHECK_STATUS(xmpp_wire_writer_ns_prefix(w, NULL, 1, "u", 1), NUL);
    CHECK_STATUS(xmpp_wire_writer_ns_prefix(w, "p", 1, NULL, 1), NUL);
    CHECK_STATUS(xmpp_wire_writer_text(w, NULL, 1), NUL);
    CHECK_STATUS(xmpp_wire_writer_element(w, NULL, 1, "t", 1), NUL);
    CHECK_STATUS(xmpp_wire_writer_element(w, "e", 1, NULL, 1), NUL);
    CHECK_STATUS(xmpp_wire_writer_end(NULL), NUL);
    CHECK_STATUS(xmpp_wire_writer_finish(NULL, buf, sizeof buf, &n), NUL);
    CHECK_STATUS(xmpp_wire_writer_finish(w, NULL, 5, &n), NUL);
    CHECK_STATUS(xmpp_wire_writer_finish(w, buf, sizeof buf, NULL), NUL);
    /* A refused call wrote nothing: the writer is still empty. */
    CHECK_OK(xmpp_wire_writer_finish(w, buf, sizeof buf, &n));
    CHECK(n == 0);

    CHECK_STATUS(xmpp_wire_iq_tracker_new(NULL, 3, &t), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_new("a@b", 3, NULL), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_set_account(NULL, "a@b", 3), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_set_account(t, NULL, 3), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_track(NULL, "1", 1, NULL, 0, 0, 1), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_track(t, NULL, 1, NULL, 0, 0, 1), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_track(t, "1", 1, NULL, 4, 0, 1), XMPP_WIRE_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(xmpp_wire_iq_tracker_on_frame(NULL, &f, &verdict), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_on_frame(t, NULL, &verdict), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_on_frame(t, &f, NULL), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_is_trusted_push(NULL, &f, &yes), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_is_trusted_push(t, NULL, &yes), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_is_trusted_push(t, &f, NULL), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_expire(NULL, 0, NULL, NULL, &n), NUL);
    CHECK_OK(xmpp_wire_iq_tracker_expire(t, 0, NULL, NULL, NULL)); /* count and callback optional */
    CHECK_STATUS(xmpp_wire_iq_tracker_next_deadline(NULL, &u), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_next_deadline(t, NULL), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_cancel(NULL, "1", 1), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_cancel(t, NULL, 1), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_clear(NULL), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_len(NULL, &n), NUL);
    CHECK_STATUS(xmpp_wire_iq_tracker_len(t, NULL), NUL);

    CHECK(xmpp_wire_status_str(1000) == NULL);
    CHECK(xmpp_wire_condition_str(1000) == NULL);
    xmpp_wire_parser_free(NULL);
    xmpp_wire_writer_free(NULL);
    xmpp_wire_iq_tracker_free(NULL);
    xmpp_wire_iq_tracker_free(t);
    xmpp_wire_writer_free(w);
    xmpp_wire_parser_free(p);
}

/* Lengths no object can have, unknown enum values, and strings that are not UTF-8. */
static void bad_lengths_values_and_utf8(void) {
    const xmpp_wire_status BAD = XMPP_WIRE_STATUS_INVALID_ARGUMENT;
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    size_t n = 0;
    char buf[64];
    CHECK_STATUS(xmpp_wire_parser_feed(p, (const uint8_t *)"x", SIZE_MAX, &n), BAD);
    CHECK_STATUS(xmpp_wire_parser_feed(p, (const uint8_t *)"x", (size_t)PTRDIFF_MAX + 1, &n), BAD);
    CHECK_OK(xmpp_wire_parser_feed(p, NULL, 0, &n)); /* NULL with length 0 is empty */
    CHECK(n == 0);
    harness_feed(p, HARNESS_CLIENT_HEADER);
    xmpp_wire_frame f;
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    CHECK_STATUS(xmpp_wire_frame_attr(&f, "to", SIZE_MAX, buf, sizeof buf, &n), BAD);
    CHECK_STATUS(xmpp_wire_frame_attr(&f, "to", 2, buf, SIZE_MAX, &n), BAD);
    CHECK_STATUS(xmpp_wire_frame_attr(&f, "\xff", 1, buf, sizeof buf, &n), XMPP_WIRE_STATUS_INVALID_UTF8);

    xmpp_wire_config config = xmpp_wire_config_default();
    xmpp_wire_parser *q = NULL;
    config.mode = 3;
    CHECK_STATUS(xmpp_wire_parser_new(&config, &q), BAD);
    config = xmpp_wire_config_default();
    config.names = 2;
    CHECK_STATUS(xmpp_wire_parser_new(&config, &q), BAD);
    config = xmpp_wire_config_default();
    config.max_stanza_size = 0;
    CHECK_STATUS(xmpp_wire_parser_new(&config, &q), BAD);
    CHECK(q == NULL);

    xmpp_wire_writer *w = NULL;
    CHECK_STATUS(xmpp_wire_writer_new(7, &w), BAD);
    CHECK(w == NULL);
    CHECK_STATUS(xmpp_wire_write_stream_close(7, buf, sizeof buf, &n), BAD);
    CHECK_STATUS(xmpp_wire_write_stream_error(XMPP_WIRE_MODE_TCP, 25, NULL, 0, buf, sizeof buf, &n), BAD);
    CHECK_STATUS(xmpp_wire_write_stream_error(XMPP_WIRE_MODE_TCP, 0, "\xc3", 1, buf, sizeof buf, &n),
                 XMPP_WIRE_STATUS_INVALID_UTF8);
    CHECK_OK(xmpp_wire_writer_new(XMPP_WIRE_MODE_TCP, &w));
    CHECK_OK(xmpp_wire_writer_start(w, "a", 1));
    CHECK_STATUS(xmpp_wire_writer_attr(w, "b", 1, "\xed\xa0\x80", 3), XMPP_WIRE_STATUS_INVALID_UTF8);
    CHECK_STATUS(xmpp_wire_writer_error_element(w, 5, 0, NULL, 0), BAD);
    CHECK_STATUS(xmpp_wire_writer_error_element(w, 0, 22, NULL, 0), BAD);
    CHECK_OK(xmpp_wire_writer_end(w));
    CHECK_OK(xmpp_wire_writer_finish(w, buf, sizeof buf, &n));
    CHECK_BYTES(buf, n, "<a/>");
    xmpp_wire_writer_free(w);

    /* A reply answers a stanza: other frames are refused. */
    CHECK_STATUS(xmpp_wire_write_iq_result(&f, XMPP_WIRE_MODE_TCP, buf, sizeof buf, &n), BAD);
    xmpp_wire_parser_free(p);
}

static void expired_frames_are_refused(void) {
    xmpp_wire_parser *p = harness_parser(XMPP_WIRE_MODE_TCP);
    harness_feed(p, HARNESS_CLIENT_HEADER "<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>");
    xmpp_wire_frame f;
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    CHECK_OK(xmpp_wire_parser_next_frame(p, &f));
    xmpp_wire_frame g;
    CHECK_STATUS(xmpp_wire_parser_next_frame(p, &g), XMPP_WIRE_STATUS_NEED_MORE);
    char buf[128];
    size_t n;
    CHECK_STATUS(xmpp_wire_write_iq_result(&f, XMPP_WIRE_MODE_TCP, buf, sizeof buf, &n),
                 XMPP_WIRE_STATUS_FRAME_EXPIRED);
    xmpp_wire_iq_tracker *t = NULL;
    CHECK_OK(xmpp_wire_iq_tracker_new("a@b.c", 5, &t));
    xmpp_wire_verdict v;
    CHECK_STATUS(xmpp_wire_iq_tracker_on_frame(t, &f, &v), XMPP_WIRE_STATUS_FRAME_EXPIRED);
    xmpp_wire_iq_tracker_free(t);
    xmpp_wire_parser_free(p);
}

static void allocation_failure(void) {
    xmpp_wire_config config = xmpp_wire_config_default();
    config.max_stanza_size = (size_t)1 << 62;
    xmpp_wire_parser *p = NULL;
    CHECK_STATUS(xmpp_wire_parser_new(&config, &p), XMPP_WIRE_STATUS_OUT_OF_MEMORY);
    CHECK(p == NULL);
}

int main(void) {
    RUN(oversized_stanza);
    RUN(too_deep);
    RUN(bad_utf8);
    RUN(restricted_xml);
    RUN(other_stream_errors);
    RUN(errors_are_sticky);
    RUN(writer_buffer_too_small);
    RUN(null_arguments);
    RUN(bad_lengths_values_and_utf8);
    RUN(expired_frames_are_refused);
    RUN(allocation_failure);
    return harness_finish("errors");
}
