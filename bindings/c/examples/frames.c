/*
 * frames: prints the frames of an XMPP stream as frames JSONL v1 (DESIGN.md), byte for byte
 * what `xmpp-wire frames` prints.
 *
 *     frames [FILE|-] [--mode tcp|websocket] [--chunk N] [--max-stanza BYTES]
 *
 * Reads FILE (or standard input) in N-byte reads (default 4096; `--chunk 1` feeds one byte at
 * a time), feeds each read to the parser, and prints one line per frame. The JSON is rendered
 * here, in C, from the frame struct and its accessors, so running the shared vectors through
 * this program tests the C API itself.
 *
 * Exit status: 0 without a stream error, 1 after printing an error line, 2 for bad arguments,
 * I/O errors and library failures.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmpp_wire.h"

/* What a run is asked to do. */
struct frames_options {
    size_t chunk;       /* bytes per read */
    uint32_t mode;      /* an xmpp_wire_mode */
    size_t max_stanza;  /* xmpp_wire_config.max_stanza_size */
};

/* Writes `len` bytes at `s` as a JSON string literal: exactly the characters that
 * crates/xmpp-wire/src/jsonl.rs escapes are escaped, everything else stays raw UTF-8. */
static void frames_json_str(FILE *out, const char *s, size_t len) {
    putc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case 0x08: fputs("\\b", out); break;
        case '\t': fputs("\\t", out); break;
        case '\n': fputs("\\n", out); break;
        case 0x0c: fputs("\\f", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (c < 0x20)
                fprintf(out, "\\u%04x", c);
            else
                putc(c, out);
        }
    }
    putc('"', out);
}

static void frames_json(FILE *out, xmpp_wire_str s) {
    frames_json_str(out, s.ptr, s.len);
}

/* `,"attrs":{...}`: every attribute in document order, values decoded. */
static int frames_attrs(FILE *out, const xmpp_wire_frame *f) {
    fputs(",\"attrs\":{", out);
    for (size_t i = 0; i < f->attr_count; i++) {
        xmpp_wire_attr attr;
        if (xmpp_wire_frame_attr_at(f, i, &attr) != XMPP_WIRE_STATUS_OK)
            return -1;
        if (i > 0)
            putc(',', out);
        frames_json(out, attr.name);
        putc(':', out);
        frames_json(out, attr.value);
    }
    putc('}', out);
    return 0;
}

/* `,"payloads":[{"ns":...,"name":...},...]`. */
static int frames_payloads(FILE *out, const xmpp_wire_frame *f) {
    fputs(",\"payloads\":[", out);
    for (size_t i = 0; i < f->payload_count; i++) {
        xmpp_wire_payload payload;
        if (xmpp_wire_frame_payload(f, i, &payload) != XMPP_WIRE_STATUS_OK)
            return -1;
        if (i > 0)
            putc(',', out);
        fputs("{\"ns\":", out);
        frames_json(out, payload.ns);
        fputs(",\"name\":", out);
        frames_json(out, payload.name);
        putc('}', out);
    }
    putc(']', out);
    return 0;
}

/* One JSONL line for `f`, keys in the order of DESIGN.md's table. */
static int frames_line(FILE *out, const xmpp_wire_frame *f) {
    fputs("{\"kind\":", out);
    frames_json(out, f->kind_name);
    int rc = 0;
    switch (f->kind) {
    case XMPP_WIRE_FRAME_KIND_STREAM_OPEN:
        fprintf(out, ",\"offset\":%" PRIu64 ",\"ns\":", f->offset);
        frames_json(out, f->ns);
        rc = frames_attrs(out, f);
        break;
    case XMPP_WIRE_FRAME_KIND_STANZA:
        fprintf(out, ",\"offset\":%" PRIu64 ",\"len\":%zu,\"ns\":", f->offset, f->raw.len);
        frames_json(out, f->ns);
        rc = frames_attrs(out, f);
        if (rc == 0)
            rc = frames_payloads(out, f);
        break;
    case XMPP_WIRE_FRAME_KIND_ELEMENT:
        fputs(",\"name\":", out);
        frames_json(out, f->name);
        fputs(",\"ns\":", out);
        frames_json(out, f->ns);
        fprintf(out, ",\"offset\":%" PRIu64 ",\"len\":%zu", f->offset, f->raw.len);
        rc = frames_attrs(out, f);
        if (rc == 0)
            rc = frames_payloads(out, f);
        break;
    case XMPP_WIRE_FRAME_KIND_STREAM_CLOSE:
        fprintf(out, ",\"offset\":%" PRIu64, f->offset);
        break;
    }
    fputs("}\n", out);
    return rc;
}

/* The last line after a stream error. */
static void frames_error_line(FILE *out, const xmpp_wire_parser *p) {
    xmpp_wire_stream_error error;
    if (xmpp_wire_parser_error(p, &error) != XMPP_WIRE_STATUS_OK)
        return;
    fputs("{\"kind\":\"error\",\"condition\":", out);
    const char *condition = xmpp_wire_condition_str((uint32_t)error.condition);
    frames_json_str(out, condition, strlen(condition));
    fprintf(out, ",\"offset\":%" PRIu64 "}\n", error.offset);
}

static int frames_fail(const char *what, xmpp_wire_status status) {
    fprintf(stderr, "frames: %s: %s\n", what, xmpp_wire_status_str((uint32_t)status));
    return 2;
}

/* Takes every complete frame and prints it. Returns 0 to go on, 1 after a stream error (its
 * line printed), 2 on a library failure; `*produced` counts the frames. */
static int frames_drain(FILE *out, xmpp_wire_parser *p, size_t *produced) {
    xmpp_wire_frame f;
    xmpp_wire_status status;
    while ((status = xmpp_wire_parser_next_frame(p, &f)) == XMPP_WIRE_STATUS_OK) {
        if (frames_line(out, &f) != 0)
            return frames_fail("reading a frame", XMPP_WIRE_STATUS_PANIC);
        (*produced)++;
    }
    if (status == XMPP_WIRE_STATUS_NEED_MORE)
        return 0;
    if (status == XMPP_WIRE_STATUS_STREAM_ERROR) {
        frames_error_line(out, p);
        return 1;
    }
    return frames_fail("next_frame", status);
}

/* Feeds all of `in` to a new parser in `opt->chunk`-byte reads and prints the frames to `out`.
 * Returns the exit status. */
static int frames_run(FILE *in, FILE *out, const struct frames_options *opt) {
    xmpp_wire_config config = xmpp_wire_config_default();
    config.mode = opt->mode;
    config.max_stanza_size = opt->max_stanza;
    xmpp_wire_parser *p = NULL;
    xmpp_wire_status status = xmpp_wire_parser_new(&config, &p);
    if (status != XMPP_WIRE_STATUS_OK)
        return frames_fail("parser_new", status);
    unsigned char *buf = malloc(opt->chunk);
    if (buf == NULL) {
        xmpp_wire_parser_free(p);
        return frames_fail("malloc", XMPP_WIRE_STATUS_OUT_OF_MEMORY);
    }
    int rc = 0;
    size_t n;
    while (rc == 0 && (n = fread(buf, 1, opt->chunk, in)) > 0) {
        size_t at = 0;
        while (rc == 0 && at < n) {
            size_t taken = 0;
            status = xmpp_wire_parser_feed(p, buf + at, n - at, &taken);
            if (status == XMPP_WIRE_STATUS_STREAM_ERROR) {
                frames_error_line(out, p);
                rc = 1;
                break;
            }
            if (status != XMPP_WIRE_STATUS_OK) {
                rc = frames_fail("feed", status);
                break;
            }
            at += taken;
            size_t produced = 0;
            rc = frames_drain(out, p, &produced);
            if (rc == 0 && taken == 0 && produced == 0) {
                /* The core's limits make this impossible; it would be a bug, not bad input. */
                fprintf(stderr, "frames: the parser took no input and gave no frame\n");
                rc = 2;
            }
        }
    }
    if (rc == 0 && ferror(in)) {
        fprintf(stderr, "frames: cannot read input: %s\n", strerror(errno));
        rc = 2;
    }
    free(buf);
    xmpp_wire_parser_free(p);
    return rc;
}

#ifndef FRAMES_NO_MAIN
static int frames_usage(const char *message) {
    fprintf(stderr,
            "frames: %s\n"
            "usage: frames [FILE|-] [--mode tcp|websocket] [--chunk N] [--max-stanza BYTES]\n",
            message);
    return 2;
}

/* A positive decimal number, or 0 for anything else. */
static size_t frames_size(const char *s) {
    char *end;
    errno = 0;
    unsigned long long value = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || value == 0 || value > SIZE_MAX)
        return 0;
    return (size_t)value;
}

int main(int argc, char **argv) {
    xmpp_wire_config defaults = xmpp_wire_config_default();
    struct frames_options opt = {4096, XMPP_WIRE_MODE_TCP, defaults.max_stanza_size};
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--mode") == 0 || strcmp(arg, "--chunk") == 0 ||
            strcmp(arg, "--max-stanza") == 0) {
            if (i + 1 >= argc)
                return frames_usage("an option needs a value");
            const char *value = argv[++i];
            if (strcmp(arg, "--mode") == 0) {
                if (strcmp(value, "tcp") == 0)
                    opt.mode = XMPP_WIRE_MODE_TCP;
                else if (strcmp(value, "websocket") == 0)
                    opt.mode = XMPP_WIRE_MODE_WEBSOCKET;
                else
                    return frames_usage("--mode is tcp or websocket");
            } else if (strcmp(arg, "--chunk") == 0) {
                if ((opt.chunk = frames_size(value)) == 0)
                    return frames_usage("--chunk needs a positive number");
            } else if ((opt.max_stanza = frames_size(value)) == 0) {
                return frames_usage("--max-stanza needs a positive number");
            }
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return frames_usage("unknown option");
        } else if (path == NULL) {
            path = arg;
        } else {
            return frames_usage("only one FILE");
        }
    }
    FILE *in = stdin;
    if (path != NULL && strcmp(path, "-") != 0) {
        in = fopen(path, "rb");
        if (in == NULL) {
            fprintf(stderr, "frames: cannot read input: %s: %s\n", path, strerror(errno));
            return 2;
        }
    }
    int rc = frames_run(in, stdout, &opt);
    if (in != stdin)
        fclose(in);
    if (fflush(stdout) != 0 && rc != 2) {
        fprintf(stderr, "frames: cannot write output: %s\n", strerror(errno));
        rc = 2;
    }
    return rc;
}
#endif
