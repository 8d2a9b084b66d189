/*
 * yamlfloor -- the floor for `make bench`: the time a bare libyaml event
 * parse of the same files takes on one core, which no libyaml-based tool
 * can beat.
 *
 *   yamlfloor DIR
 *
 * Reads each *.yaml file of DIR (a chain's versions/ directory: 100,000
 * names are too many for a command line) into memory and pulls every
 * event out of libyaml's parser (yaml_parser_parse), doing nothing with
 * them.  Prints the number
 * of files, bytes and events, and the wall time in milliseconds of the
 * reading and parsing, on one line.  Exits 1 on a read or parse error.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yaml.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	double start = now_ms();
	unsigned long long bytes = 0, events = 0;
	char *buf = NULL;
	size_t cap = 0;

	DIR *dir;
	struct dirent *de;
	char path[4096];
	int files = 0;

	if (argc != 2 || (dir = opendir(argv[1])) == NULL) {
		fprintf(stderr, "usage: yamlfloor DIR\n");
		return 2;
	}
	while ((de = readdir(dir)) != NULL) {
		size_t nl = strlen(de->d_name), len = 0, n;
		FILE *f;

		if (nl < 5 || strcmp(de->d_name + nl - 5, ".yaml") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", argv[1], de->d_name);
		if ((f = fopen(path, "rb")) == NULL) {
			perror(path);
			return 1;
		}
		files++;
		for (;;) {
			if (len == cap) {
				cap = cap ? 2 * cap : 1 << 16;
				if ((buf = realloc(buf, cap)) == NULL) {
					perror("yamlfloor");
					return 1;
				}
			}
			if ((n = fread(buf + len, 1, cap - len, f)) == 0)
				break;
			len += n;
		}
		fclose(f);
		bytes += len;

		yaml_parser_t p;
		yaml_event_t ev;
		int done = 0;

		yaml_parser_initialize(&p);
		yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
		while (!done) {
			if (!yaml_parser_parse(&p, &ev)) {
				fprintf(stderr, "%s: %s\n", path,
				    p.problem ? p.problem : "parse error");
				return 1;
			}
			done = ev.type == YAML_STREAM_END_EVENT;
			events++;
			yaml_event_delete(&ev);
		}
		yaml_parser_delete(&p);
	}
	closedir(dir);
	free(buf);
	printf("files %d bytes %llu events %llu ms %.1f\n", files, bytes,
	    events, now_ms() - start);
	return 0;
}
