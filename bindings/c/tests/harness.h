/*
 * A tiny test harness for the C tests: CHECK macros that report and count failures, RUN for
 * test functions, and a closing line `SUITE: N passed, M failed` that test.sh adds up.
 */
#ifndef XMPP_WIRE_TEST_HARNESS_H
#define XMPP_WIRE_TEST_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xmpp_wire.h"

static int harness_checks_failed;
static int harness_passed;
static int harness_failed;

#define CHECK(cond)                                                                       \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
            harness_checks_failed++;                                                      \
        }                                                                                 \
    } while (0)

/* A status equals the expected one; both are printed by name otherwise. */
#define CHECK_STATUS(expr, want)                                                          \
    do {                                                                                  \
        xmpp_wire_status got_ = (expr);                                                   \
        xmpp_wire_status want_ = (want);                                                  \
        if (got_ != want_) {                                                              \
            fprintf(stderr, "%s:%d: %s: got %s, want %s\n", __FILE__, __LINE__, #expr,    \
                    xmpp_wire_status_str((uint32_t)got_),                                 \
                    xmpp_wire_status_str((uint32_t)want_));                               \
            harness_checks_failed++;                                                      \
        }                                                                                 \
    } while (0)

#define CHECK_OK(expr) CHECK_STATUS(expr, XMPP_WIRE_STATUS_OK)

/* A result string equals the C string `want` (an absent result never does). */
#define CHECK_STR(s, want)                                                                \
    do {                                                                                  \
        xmpp_wire_str s_ = (s);                                                           \
        const char *w_ = (want);                                                          \
        if (s_.ptr == NULL || s_.len != strlen(w_) || memcmp(s_.ptr, w_, s_.len) != 0) {  \
            fprintf(stderr, "%s:%d: %s: got \"%.*s\"%s, want \"%s\"\n", __FILE__,         \
                    __LINE__, #s, (int)s_.len, s_.ptr ? s_.ptr : "",                      \
                    s_.ptr ? "" : " (absent)", w_);                                       \
            harness_checks_failed++;                                                      \
        }                                                                                 \
    } while (0)

/* `len` bytes at `buf` equal the C string `want`. */
#define CHECK_BYTES(buf, len, want)                                                       \
    do {                                                                                  \
        const char *w_ = (want);                                                          \
        size_t l_ = (len);                                                                \
        if (l_ != strlen(w_) || memcmp((buf), w_, l_) != 0) {                             \
            fprintf(stderr, "%s:%d: got \"%.*s\", want \"%s\"\n", __FILE__, __LINE__,     \
                    (int)l_, (const char *)(buf), w_);                                    \
            harness_checks_failed++;                                                      \
        }                                                                                 \
    } while (0)

/* Records the outcome of one test case. */
static inline void harness_record(const char *name, int checks_failed_before) {
    if (harness_checks_failed == checks_failed_before) {
        harness_passed++;
    } else {
        harness_failed++;
        fprintf(stderr, "FAIL %s\n", name);
    }
}

#define RUN(test)                                                                         \
    do {                                                                                  \
        int before_ = harness_checks_failed;                                              \
        test();                                                                           \
        harness_record(#test, before_);                                                   \
    } while (0)

/* Prints the closing line and returns the exit status. */
static inline int harness_finish(const char *suite) {
    printf("%s: %d passed, %d failed\n", suite, harness_passed, harness_failed);
    return harness_failed == 0 ? 0 : 1;
}

/* A parser with the default config in `mode`. */
static inline xmpp_wire_parser *harness_parser(uint32_t mode) {
    xmpp_wire_config config = xmpp_wire_config_default();
    config.mode = mode;
    xmpp_wire_parser *p = NULL;
    CHECK_OK(xmpp_wire_parser_new(&config, &p));
    return p;
}

/* Feeds the C string `s` whole; every byte must be taken. */
static inline void harness_feed(xmpp_wire_parser *p, const char *s) {
    size_t taken = 0;
    CHECK_OK(xmpp_wire_parser_feed(p, (const uint8_t *)s, strlen(s), &taken));
    CHECK(taken == strlen(s));
}

#define HARNESS_CLIENT_HEADER                                                             \
    "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' " \
    "to='example.com' version='1.0'>"

#endif
