/*
 * The shared vectors through examples/frames.c: every tests/vectors/NAME.xml must print exactly
 * NAME.jsonl, read whole, in 4096-byte reads and in 1-byte reads. `ws-*` vectors run in
 * WebSocket mode (tests/README.md).
 *
 *     vectors DIR [NAME_SUBSTRING]
 */

#define FRAMES_NO_MAIN
#include "../examples/frames.c"

#include <dirent.h>

#include "harness.h"

/* The whole file at `path`, or NULL. */
static char *read_file(const char *path, size_t *out_len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, len = 0;
    char *data = malloc(cap);
    size_t n;
    while (data != NULL && (n = fread(data + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *bigger = realloc(data, cap *= 2);
            if (bigger == NULL)
                free(data);
            data = bigger;
        }
    }
    fclose(f);
    *out_len = len;
    return data;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs `xml_path` through frames_run with `chunk`-byte reads and compares with `expected`. */
static void check_vector(const char *name, const char *xml_path, size_t chunk, const char *expected,
                         size_t expected_len) {
    int before = harness_checks_failed;
    struct frames_options opt = {chunk,
                                 strncmp(name, "ws-", 3) == 0 ? XMPP_WIRE_MODE_WEBSOCKET
                                                              : XMPP_WIRE_MODE_TCP,
                                 xmpp_wire_config_default().max_stanza_size};
    FILE *in = fopen(xml_path, "rb");
    char *got = NULL;
    size_t got_len = 0;
    FILE *out = open_memstream(&got, &got_len);
    CHECK(in != NULL && out != NULL);
    if (in != NULL && out != NULL) {
        int rc = frames_run(in, out, &opt);
        fclose(out);
        out = NULL;
        /* The exit status is 1 exactly when the last line is an error line. */
        size_t last = expected_len > 0 ? expected_len - 1 : 0;
        while (last > 0 && expected[last - 1] != '\n')
            last--;
        int has_error = strncmp(expected + last, "{\"kind\":\"error\"", 15) == 0;
        CHECK(rc == (has_error ? 1 : 0));
        if (got_len != expected_len || memcmp(got, expected, got_len) != 0) {
            size_t at = 0;
            while (at < got_len && at < expected_len && got[at] == expected[at])
                at++;
            size_t line = at;
            while (line > 0 && expected[line - 1] != '\n')
                line--;
            fprintf(stderr, "%s (%zu-byte reads): differs at byte %zu\n  want: %.*s\n  got:  %.*s\n",
                    name, chunk, at, (int)strcspn(expected + line, "\n"), expected + line,
                    (int)(line < got_len ? strcspn(got + line, "\n") : 0),
                    line < got_len ? got + line : "");
            harness_checks_failed++;
        }
    }
    if (in != NULL)
        fclose(in);
    if (out != NULL)
        fclose(out);
    free(got);
    char label[512];
    snprintf(label, sizeof label, "%s (%zu-byte reads)", name, chunk);
    harness_record(label, before);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: vectors DIR [NAME_SUBSTRING]\n");
        return 2;
    }
    const char *dir = argv[1];
    const char *filter = argc > 2 ? argv[2] : "";
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "vectors: cannot open %s\n", dir);
        return 2;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        size_t len = strlen(entry->d_name);
        if (len < 5 || strcmp(entry->d_name + len - 4, ".xml") != 0)
            continue;
        if (strstr(entry->d_name, filter) == NULL)
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            char **bigger = realloc(names, cap * sizeof *names);
            if (bigger == NULL)
                return 2;
            names = bigger;
        }
        names[count++] = strndup(entry->d_name, len - 4);
    }
    closedir(d);
    qsort(names, count, sizeof *names, compare_names);
    CHECK(count > 0);

    for (size_t i = 0; i < count; i++) {
        char xml_path[4096], jsonl_path[4096];
        snprintf(xml_path, sizeof xml_path, "%s/%s.xml", dir, names[i]);
        snprintf(jsonl_path, sizeof jsonl_path, "%s/%s.jsonl", dir, names[i]);
        size_t xml_len = 0, expected_len = 0;
        char *xml = read_file(xml_path, &xml_len);
        char *expected = read_file(jsonl_path, &expected_len);
        if (xml == NULL || expected == NULL) {
            fprintf(stderr, "%s: cannot read the .xml or .jsonl file\n", names[i]);
            harness_failed++;
        } else {
            /* NUL-terminated for the string functions above. */
            char *terminated = realloc(expected, expected_len + 1);
            if (terminated != NULL) {
                expected = terminated;
                expected[expected_len] = '\0';
                check_vector(names[i], xml_path, xml_len > 0 ? xml_len : 1, expected, expected_len);
                check_vector(names[i], xml_path, 4096, expected, expected_len);
                check_vector(names[i], xml_path, 1, expected, expected_len);
            }
        }
        free(xml);
        free(expected);
        free(names[i]);
    }
    free(names);
    return harness_finish("vectors");
}
