/*
 * The C binding against a real Prosody: two accounts log in over plain TCP on loopback
 * (stream header, features, SASL PLAIN, restart, resource binding), get the roster, send
 * presence, exchange a chat message each way with Chinese text and emoji, and close their
 * streams. Everything received is framed by libxmpp_wire, everything sent is written by its
 * writer, and every IQ reply is matched to its request by an xmpp_wire_iq_tracker.
 *
 * Environment (from tests/interop/prosody.sh): XMPP_C2S_PORT, XMPP_DOMAIN,
 * XMPP_PASSWORD_alice, XMPP_PASSWORD_bob; INTEROP_CAPTURES, the folder for the captures:
 *   c-LABEL.xml       every byte received from Prosody on that connection
 *   c-LABEL.reads     the size of each read(2), for `xmpp-wire frames --chunks`
 *   c-LABEL.frames    `kind offset` of each frame this library returned
 *   c-LABEL.sent.xml  every byte sent
 *
 * Prints `ok - STEP` / `not ok - STEP: why`, then `c_client: N passed, M failed`.
 * Build: cc -std=c11 -Wall -Wextra -Werror c_client.c $(pkg-config --cflags --libs xmpp_wire)
 */

#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <xmpp_wire.h>

#define NS_SASL "urn:ietf:params:xml:ns:xmpp-sasl" /* RFC 6120 §6 */
#define NS_BIND "urn:ietf:params:xml:ns:xmpp-bind" /* RFC 6120 §7 */
#define NS_STREAMS "http://etherx.jabber.org/streams"
#define NS_ROSTER "jabber:iq:roster" /* RFC 6121 §2 */
#define NS_PING "urn:xmpp:ping"      /* XEP-0199 */

#define TIMEOUT_MS 10000
#define OUT_CAP 8192

/* Plain UTF-8 with no character the writer must escape, so that the body Prosody relays can be
 * compared byte for byte with the one written (Prosody's own escaping may differ from ours). */
static const char TEXT_TO_BOB[] = "你好，鲍勃！来自 C 的消息 🌏🚀 xmpp-wire";
static const char TEXT_TO_ALICE[] = "收到 🐇 C 客户端一切正常 ✓";

typedef struct conn {
    const char *label;
    int fd;
    bool eof;
    xmpp_wire_parser *parser;
    xmpp_wire_writer *writer;
    xmpp_wire_iq_tracker *tracker;
    FILE *capture, *reads, *frames, *sent;
    char domain[128];
    char jid[256];
    unsigned ids;
    uint8_t in[64 * 1024]; /* the last read, and how much of it the parser has taken */
    size_t in_len, in_off;
} conn;

/* What a step waits for; NULL or 0 fields match anything. */
typedef struct match {
    xmpp_wire_frame_kind kind;
    xmpp_wire_stanza_kind stanza;
    const char *name, *ns, *id, *type, *from;
} match;

static char failure[1024];

static int fail(const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    vsnprintf(failure, sizeof failure, fmt, args);
    va_end(args);
    return -1;
}

/* A status other than OK fails the step, naming the call. */
#define TRY(call)                                                                          \
    do {                                                                                   \
        xmpp_wire_status try_status_ = (call);                                             \
        if (try_status_ != XMPP_WIRE_STATUS_OK)                                            \
            return fail("%s returned %s (line %d)", #call, xmpp_wire_status_str(try_status_), \
                        __LINE__);                                                         \
    } while (0)

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static bool str_is(xmpp_wire_str s, const char *c) {
    return s.ptr != NULL && s.len == strlen(c) && memcmp(s.ptr, c, s.len) == 0;
}

static const char *str_find(xmpp_wire_str s, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; s.ptr != NULL && i + n <= s.len; i++)
        if (memcmp(s.ptr + i, needle, n) == 0) return s.ptr + i;
    return NULL;
}

static void base64(const uint8_t *in, size_t len, char *out) {
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len) v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len) v |= in[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        out[o++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? alphabet[v & 63] : '=';
    }
    out[o] = '\0';
}

static FILE *open_capture(const char *dir, const char *label, const char *suffix, const char *mode) {
    char path[1024];
    snprintf(path, sizeof path, "%s/c-%s%s", dir, label, suffix);
    FILE *f = fopen(path, mode);
    if (f == NULL) perror(path);
    return f;
}

static int conn_open(conn *c, const char *label, const char *dir) {
    memset(c, 0, sizeof *c);
    c->label = label;
    c->fd = -1;
    snprintf(c->domain, sizeof c->domain, "%s", getenv("XMPP_DOMAIN"));
    c->capture = open_capture(dir, label, ".xml", "wb");
    c->reads = open_capture(dir, label, ".reads", "w");
    c->frames = open_capture(dir, label, ".frames", "w");
    c->sent = open_capture(dir, label, ".sent.xml", "wb");
    if (!c->capture || !c->reads || !c->frames || !c->sent) return fail("cannot write captures in %s", dir);
    xmpp_wire_config config = xmpp_wire_config_default();
    TRY(xmpp_wire_parser_new(&config, &c->parser));
    TRY(xmpp_wire_writer_new(XMPP_WIRE_MODE_TCP, &c->writer));
    /* Before binding, the tracker's account is the bare JID (RFC 6120 §7). */
    TRY(xmpp_wire_iq_tracker_new(c->domain, strlen(c->domain), &c->tracker));

    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(getenv("XMPP_C2S_PORT")))};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&addr, sizeof addr) != 0)
        return fail("%s: connect to 127.0.0.1:%s: %s", label, getenv("XMPP_C2S_PORT"), strerror(errno));
    return 0;
}

static void conn_close(conn *c) {
    if (c->fd >= 0) close(c->fd);
    xmpp_wire_parser_free(c->parser);
    xmpp_wire_writer_free(c->writer);
    xmpp_wire_iq_tracker_free(c->tracker);
    FILE *files[] = {c->capture, c->reads, c->frames, c->sent};
    for (size_t i = 0; i < 4; i++)
        if (files[i]) fclose(files[i]);
    memset(c, 0, sizeof *c);
    c->fd = -1;
}

/* Sends what the writer holds (one finished unit of output). */
static int flush_writer(conn *c) {
    char out[OUT_CAP];
    size_t len = 0;
    TRY(xmpp_wire_writer_finish(c->writer, out, sizeof out, &len));
    fwrite(out, 1, len, c->sent);
    fflush(c->sent);
    for (size_t done = 0; done < len;) {
        ssize_t n = send(c->fd, out + done, len - done, MSG_NOSIGNAL);
        if (n < 0) return fail("%s: send: %s", c->label, strerror(errno));
        done += (size_t)n;
    }
    return 0;
}

/* The next frame of the stream: 1 with a frame, 0 at the end of the input or after
 * `timeout_ms`, -1 on a stream or socket error. The frame is valid until the next call. */
static int next_frame(conn *c, xmpp_wire_frame *f, uint64_t deadline) {
    for (;;) {
        xmpp_wire_status st = xmpp_wire_parser_next_frame(c->parser, f);
        if (st == XMPP_WIRE_STATUS_OK) {
            fprintf(c->frames, "%.*s %llu\n", (int)f->kind_name.len, f->kind_name.ptr,
                    (unsigned long long)f->offset);
            return 1;
        }
        if (st != XMPP_WIRE_STATUS_NEED_MORE) {
            xmpp_wire_stream_error e;
            if (xmpp_wire_parser_error(c->parser, &e) == XMPP_WIRE_STATUS_OK)
                return fail("%s: stream error from Prosody's bytes: %s at offset %llu: %.*s", c->label,
                            xmpp_wire_condition_str(e.condition), (unsigned long long)e.offset,
                            (int)e.reason.len, e.reason.ptr);
            return fail("%s: next_frame: %s", c->label, xmpp_wire_status_str(st));
        }
        if (c->in_off < c->in_len) { /* the parser's buffer had no room for all of the last read */
            size_t taken = 0;
            TRY(xmpp_wire_parser_feed(c->parser, c->in + c->in_off, c->in_len - c->in_off, &taken));
            c->in_off += taken;
            continue;
        }
        if (c->eof) return 0;
        uint64_t now = now_ms();
        if (now >= deadline) return 0;
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
        int ready = poll(&pfd, 1, (int)(deadline - now));
        if (ready < 0 && errno != EINTR) return fail("%s: poll: %s", c->label, strerror(errno));
        if (ready <= 0) continue;
        ssize_t n = recv(c->fd, c->in, sizeof c->in, 0);
        if (n < 0) return fail("%s: recv: %s", c->label, strerror(errno));
        if (n == 0) {
            c->eof = true;
            /* The input has ended: Prosody must not have stopped inside an element. */
            TRY(xmpp_wire_parser_finish(c->parser));
            continue;
        }
        fwrite(c->in, 1, (size_t)n, c->capture);
        fflush(c->capture);
        fprintf(c->reads, "%zd\n", n);
        c->in_len = (size_t)n;
        c->in_off = 0;
    }
}

static bool matches(const xmpp_wire_frame *f, const match *m) {
    if (f->kind != m->kind) return false;
    if (m->stanza && f->stanza_kind != m->stanza) return false;
    if (m->name && !str_is(f->name, m->name)) return false;
    if (m->ns && !str_is(f->ns, m->ns)) return false;
    if (m->id && !str_is(f->id, m->id)) return false;
    if (m->type && !str_is(f->stanza_type, m->type)) return false;
    if (m->from && !str_is(f->from, m->from)) return false;
    return true;
}

/* Answers a request addressed to this client (RFC 6120 §8.2.3: every get/set gets a reply):
 * a trusted roster push or a ping with a result, anything else with service-unavailable. */
static int answer(conn *c, const xmpp_wire_frame *f) {
    bool push = false;
    TRY(xmpp_wire_iq_tracker_is_trusted_push(c->tracker, f, &push));
    xmpp_wire_payload p = {0};
    bool ping = f->payload_count == 1 && xmpp_wire_frame_payload(f, 0, &p) == XMPP_WIRE_STATUS_OK &&
                str_is(p.ns, NS_PING) && str_is(p.name, "ping");
    if (push || ping) {
        TRY(xmpp_wire_writer_iq_result(c->writer, f));
        TRY(xmpp_wire_writer_end(c->writer));
    } else {
        TRY(xmpp_wire_writer_iq_error(c->writer, f, XMPP_WIRE_ERROR_TYPE_CANCEL,
                                      XMPP_WIRE_STANZA_ERROR_SERVICE_UNAVAILABLE, NULL, 0));
    }
    return flush_writer(c);
}

/* Reads until a frame matches `m`; IQ replies go through the tracker first, requests are
 * answered, anything else that does not match is passed over. 0 with `*f` filled, or -1. */
static int expect(conn *c, const match *m, xmpp_wire_frame *f, const char *what) {
    uint64_t deadline = now_ms() + TIMEOUT_MS;
    for (;;) {
        int got = next_frame(c, f, deadline);
        if (got < 0) return -1;
        if (got == 0) return fail("%s: %s waiting for %s", c->label, c->eof ? "end of stream" : "timed out", what);
        if (f->kind == XMPP_WIRE_FRAME_KIND_STANZA && f->stanza_kind == XMPP_WIRE_STANZA_KIND_IQ) {
            xmpp_wire_verdict verdict;
            TRY(xmpp_wire_iq_tracker_on_frame(c->tracker, f, &verdict));
            if (verdict == XMPP_WIRE_VERDICT_SPOOFED || verdict == XMPP_WIRE_VERDICT_UNSOLICITED)
                return fail("%s: %s IQ reply: %.*s", c->label,
                            verdict == XMPP_WIRE_VERDICT_SPOOFED ? "spoofed" : "unsolicited", (int)f->raw.len, f->raw.ptr);
            if (verdict == XMPP_WIRE_VERDICT_NOT_A_REPLY &&
                (str_is(f->stanza_type, "get") || str_is(f->stanza_type, "set"))) {
                if (answer(c, f) != 0) return -1;
                continue;
            }
        }
        if (matches(f, m)) return 0;
    }
}

/* Sends the IQ the writer holds (started with `begin_iq`), waits for its reply by id through
 * the tracker, and fails unless it is a result. */
static int begin_iq(conn *c, const char *type, const char *to, char *id, size_t id_cap, const char *what) {
    snprintf(id, id_cap, "c-%s-%u-%s", c->label, ++c->ids, what);
    xmpp_wire_stanza_header h = {0};
    h.id = (xmpp_wire_str){id, strlen(id)};
    h.stanza_type = (xmpp_wire_str){type, strlen(type)};
    if (to) h.to = (xmpp_wire_str){to, strlen(to)};
    TRY(xmpp_wire_writer_iq(c->writer, &h));
    return 0;
}

static int finish_iq(conn *c, const char *id, const char *to, xmpp_wire_frame *reply, const char *what) {
    TRY(xmpp_wire_iq_tracker_track(c->tracker, id, strlen(id), to, to ? strlen(to) : 0, now_ms(), TIMEOUT_MS));
    if (flush_writer(c) != 0) return -1;
    match m = {.kind = XMPP_WIRE_FRAME_KIND_STANZA, .stanza = XMPP_WIRE_STANZA_KIND_IQ, .id = id};
    if (expect(c, &m, reply, what) != 0) return -1;
    if (!str_is(reply->stanza_type, "result"))
        return fail("%s: %s failed: %.*s", c->label, what, (int)reply->raw.len, reply->raw.ptr);
    return 0;
}

/* Sends a stream header; waits for Prosody's header and features (RFC 6120 §4.3). */
static int open_stream(conn *c, xmpp_wire_frame *features) {
    xmpp_wire_stream_header h = xmpp_wire_stream_header_default();
    h.to = (xmpp_wire_str){c->domain, strlen(c->domain)};
    h.lang = (xmpp_wire_str){"en", 2};
    TRY(xmpp_wire_writer_stream_open(c->writer, &h));
    if (flush_writer(c) != 0) return -1;
    xmpp_wire_frame f;
    match header = {.kind = XMPP_WIRE_FRAME_KIND_STREAM_OPEN, .ns = "jabber:client"};
    if (expect(c, &header, &f, "stream header") != 0) return -1;
    if (!str_is(f.version, "1.0") || !str_is(f.from, c->domain))
        return fail("%s: unexpected stream header %.*s", c->label, (int)f.raw.len, f.raw.ptr);
    match feat = {.kind = XMPP_WIRE_FRAME_KIND_ELEMENT, .name = "features", .ns = NS_STREAMS};
    return expect(c, &feat, features, "stream features");
}

static bool has_payload(const xmpp_wire_frame *f, const char *ns, const char *name, xmpp_wire_payload *out) {
    for (size_t i = 0; i < f->payload_count; i++)
        if (xmpp_wire_frame_payload(f, i, out) == XMPP_WIRE_STATUS_OK && str_is(out->ns, ns) && str_is(out->name, name))
            return true;
    return false;
}

static int login(conn *c, const char *user, const char *resource) {
    char var[64];
    snprintf(var, sizeof var, "XMPP_PASSWORD_%s", user);
    const char *password = getenv(var);
    if (!password) return fail("%s is not set", var);
    xmpp_wire_frame f;
    xmpp_wire_payload p;
    if (open_stream(c, &f) != 0) return -1;
    /* The C API gives payloads with their raw bytes but no walk below them, so the mechanism
     * list is searched in the <mechanisms/> payload's bytes. */
    if (!has_payload(&f, NS_SASL, "mechanisms", &p) || !str_find(p.raw, "<mechanism>PLAIN</mechanism>"))
        return fail("%s: no SASL PLAIN in %.*s", c->label, (int)f.raw.len, f.raw.ptr);

    /* SASL PLAIN (RFC 4616): authzid empty, authcid, password, NUL-separated, base64. */
    uint8_t plain[512];
    size_t ul = strlen(user), pl = strlen(password);
    if (ul + pl + 2 > sizeof plain) return fail("credentials too long");
    plain[0] = 0;
    memcpy(plain + 1, user, ul);
    plain[1 + ul] = 0;
    memcpy(plain + 2 + ul, password, pl);
    char encoded[700];
    base64(plain, ul + pl + 2, encoded);
    TRY(xmpp_wire_writer_start(c->writer, "auth", 4));
    TRY(xmpp_wire_writer_ns(c->writer, NS_SASL, strlen(NS_SASL)));
    TRY(xmpp_wire_writer_attr(c->writer, "mechanism", 9, "PLAIN", 5));
    TRY(xmpp_wire_writer_text(c->writer, encoded, strlen(encoded)));
    TRY(xmpp_wire_writer_end(c->writer));
    if (flush_writer(c) != 0) return -1;
    match sasl = {.kind = XMPP_WIRE_FRAME_KIND_ELEMENT, .ns = NS_SASL};
    if (expect(c, &sasl, &f, "SASL outcome") != 0) return -1;
    if (!str_is(f.name, "success")) return fail("%s: SASL: %.*s", c->label, (int)f.raw.len, f.raw.ptr);

    /* RFC 6120 §6.4.6: a new stream on the same connection. Prosody's new header comes right
     * after <success/>, so the parser reports it as a restart; no reset is needed. */
    if (open_stream(c, &f) != 0) return -1;
    if (!has_payload(&f, NS_BIND, "bind", &p)) return fail("%s: no bind feature", c->label);
    char bare[256];
    snprintf(bare, sizeof bare, "%s@%s", user, c->domain);
    TRY(xmpp_wire_iq_tracker_set_account(c->tracker, bare, strlen(bare)));

    char id[96];
    if (begin_iq(c, "set", NULL, id, sizeof id, "bind") != 0) return -1;
    TRY(xmpp_wire_writer_start(c->writer, "bind", 4));
    TRY(xmpp_wire_writer_ns(c->writer, NS_BIND, strlen(NS_BIND)));
    TRY(xmpp_wire_writer_element(c->writer, "resource", 8, resource, strlen(resource)));
    TRY(xmpp_wire_writer_end(c->writer));
    TRY(xmpp_wire_writer_end(c->writer));
    if (finish_iq(c, id, NULL, &f, "bind") != 0) return -1;
    if (!has_payload(&f, NS_BIND, "bind", &p)) return fail("%s: bind result without <bind/>", c->label);
    const char *start = str_find(p.raw, "<jid>"), *end = str_find(p.raw, "</jid>");
    if (!start || !end || end <= start + 5 || (size_t)(end - start - 5) >= sizeof c->jid)
        return fail("%s: no JID in %.*s", c->label, (int)p.raw.len, p.raw.ptr);
    snprintf(c->jid, sizeof c->jid, "%.*s", (int)(end - start - 5), start + 5);
    if (strncmp(c->jid, bare, strlen(bare)) != 0 || c->jid[strlen(bare)] != '/')
        return fail("%s: bound to %s", c->label, c->jid);
    TRY(xmpp_wire_iq_tracker_set_account(c->tracker, c->jid, strlen(c->jid)));
    return 0;
}

static int roster_get(conn *c, size_t *items) {
    char id[96];
    xmpp_wire_frame f;
    xmpp_wire_payload p;
    if (begin_iq(c, "get", NULL, id, sizeof id, "roster") != 0) return -1;
    TRY(xmpp_wire_writer_start(c->writer, "query", 5));
    TRY(xmpp_wire_writer_ns(c->writer, NS_ROSTER, strlen(NS_ROSTER)));
    TRY(xmpp_wire_writer_end(c->writer));
    TRY(xmpp_wire_writer_end(c->writer));
    if (finish_iq(c, id, NULL, &f, "roster get") != 0) return -1;
    if (!has_payload(&f, NS_ROSTER, "query", &p)) return fail("%s: roster result without query", c->label);
    *items = 0;
    xmpp_wire_str rest = p.raw;
    for (const char *hit; (hit = str_find(rest, "<item ")) != NULL; (*items)++) {
        rest.len -= (size_t)(hit + 1 - rest.ptr);
        rest.ptr = hit + 1;
    }
    return 0;
}

static int send_presence(conn *c, const char *priority) {
    xmpp_wire_stanza_header h = {0};
    TRY(xmpp_wire_writer_presence(c->writer, &h));
    TRY(xmpp_wire_writer_element(c->writer, "priority", 8, priority, strlen(priority)));
    TRY(xmpp_wire_writer_end(c->writer));
    return flush_writer(c);
}

static int send_chat(conn *from, const char *to, const char *text) {
    char id[96];
    snprintf(id, sizeof id, "c-%s-%u-msg", from->label, ++from->ids);
    xmpp_wire_stanza_header h = {0};
    h.to = (xmpp_wire_str){to, strlen(to)};
    h.id = (xmpp_wire_str){id, strlen(id)};
    h.stanza_type = (xmpp_wire_str){"chat", 4};
    TRY(xmpp_wire_writer_message(from->writer, &h));
    TRY(xmpp_wire_writer_element(from->writer, "body", 4, text, strlen(text)));
    TRY(xmpp_wire_writer_end(from->writer));
    return flush_writer(from);
}

static int receive_chat(conn *c, const char *from, const char *text) {
    xmpp_wire_frame f;
    xmpp_wire_payload p;
    match m = {.kind = XMPP_WIRE_FRAME_KIND_STANZA, .stanza = XMPP_WIRE_STANZA_KIND_MESSAGE, .type = "chat", .from = from};
    if (expect(c, &m, &f, "a chat message") != 0) return -1;
    char want[512];
    snprintf(want, sizeof want, "<body>%s</body>", text);
    if (!has_payload(&f, "jabber:client", "body", &p) || !str_is(p.raw, want))
        return fail("%s: got %.*s", c->label, (int)f.raw.len, f.raw.ptr);
    return 0;
}

/* RFC 6120 §4.4: send </stream:stream>, wait for Prosody's, then for the connection to end. */
static int close_stream(conn *c) {
    xmpp_wire_frame f;
    TRY(xmpp_wire_writer_stream_close(c->writer));
    if (flush_writer(c) != 0) return -1;
    match m = {.kind = XMPP_WIRE_FRAME_KIND_STREAM_CLOSE};
    if (expect(c, &m, &f, "</stream:stream>") != 0) return -1;
    uint64_t deadline = now_ms() + TIMEOUT_MS;
    int got;
    while ((got = next_frame(c, &f, deadline)) == 1) {
    }
    if (got < 0) return -1;
    if (!c->eof) return fail("%s: connection still open after the stream closed", c->label);
    size_t pending = 0;
    TRY(xmpp_wire_iq_tracker_len(c->tracker, &pending));
    if (pending) return fail("%s: %zu IQ requests never answered", c->label, pending);
    return 0;
}

static int passed, failed;

static bool step(const char *name, int result) {
    if (result == 0) {
        passed++;
        printf("ok - %s\n", name);
    } else {
        failed++;
        printf("not ok - %s: %s\n", name, failure);
    }
    fflush(stdout);
    return result == 0;
}

int main(void) {
    const char *vars[] = {"XMPP_C2S_PORT", "XMPP_DOMAIN", "XMPP_PASSWORD_alice", "XMPP_PASSWORD_bob"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
        if (!getenv(vars[i])) {
            fprintf(stderr, "c_client: %s is not set (source the env file of tests/interop/prosody.sh)\n", vars[i]);
            return 2;
        }
    const char *dir = getenv("INTEROP_CAPTURES") ? getenv("INTEROP_CAPTURES") : ".";
    printf("# libxmpp_wire %s against 127.0.0.1:%s\n", xmpp_wire_version(), getenv("XMPP_C2S_PORT"));

    static conn alice, bob;
    char bob_bare[256];
    size_t items = 0;
    snprintf(bob_bare, sizeof bob_bare, "bob@%s", getenv("XMPP_DOMAIN"));
    bool ok = step("connect alice and bob", conn_open(&alice, "alice", dir) || conn_open(&bob, "bob", dir)) &&
              step("login alice (SASL PLAIN, restart, bind)", login(&alice, "alice", "c-client")) &&
              step("login bob", login(&bob, "bob", "c-client")) &&
              step("roster get", roster_get(&alice, &items)) &&
              step("initial presence", send_presence(&alice, "3") || send_presence(&bob, "3"));
    if (ok) printf("# bound %s and %s; alice's roster holds %zu items\n", alice.jid, bob.jid, items);
    ok = ok && step("message alice -> bob (Chinese text, emoji)",
                    send_chat(&alice, bob_bare, TEXT_TO_BOB) || receive_chat(&bob, alice.jid, TEXT_TO_BOB)) &&
         step("message bob -> alice",
              send_chat(&bob, alice.jid, TEXT_TO_ALICE) || receive_chat(&alice, bob.jid, TEXT_TO_ALICE)) &&
         step("close both streams cleanly", close_stream(&alice) || close_stream(&bob));
    conn_close(&alice);
    conn_close(&bob);
    printf("c_client: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
