/*
 * measure -- run a command several times and report its median wall time
 * and its peak resident set size, for `make bench`.
 *
 *   measure RUNS COMMAND [ARG...]
 *
 * Runs COMMAND RUNS times in a row with stdout and stderr sent to
 * /dev/null (migsql's warnings are part of the work measured; a failing
 * run is reported with its command line, to be run again by hand).  Prints one line: "median_ms N min_ms N
 * max_ms N rss_kb N", the times of the runs in milliseconds and the
 * largest peak RSS of any run (getrusage's ru_maxrss of the child, in
 * KiB).  Exits 1 when a run fails, with the run's status.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[1]) : 0;
	double *ms;
	long rss = 0;

	if (runs < 1) {
		fprintf(stderr, "usage: measure RUNS COMMAND [ARG...]\n");
		return 2;
	}
	if ((ms = calloc((size_t)runs, sizeof *ms)) == NULL) {
		perror("measure");
		return 1;
	}
	for (int i = 0; i < runs; i++) {
		double start = now_ms();
		struct rusage ru;
		int status;
		pid_t pid = fork();

		if (pid < 0) {
			perror("measure: fork");
			return 1;
		}
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);

			if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) {
				perror("measure: /dev/null");
				_exit(127);
			}
			execvp(argv[2], argv + 2);
			perror(argv[2]);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) < 0) {
			perror("measure: wait4");
			return 1;
		}
		ms[i] = now_ms() - start;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "measure: failed with status %d:",
			    WIFEXITED(status) ? WEXITSTATUS(status) :
			    128 + WTERMSIG(status));
			for (int k = 2; k < argc; k++)
				fprintf(stderr, " %s", argv[k]);
			fputc('\n', stderr);
			return 1;
		}
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
	printf("median_ms %.0f min_ms %.0f max_ms %.0f rss_kb %ld\n",
	    runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2,
	    ms[0], ms[runs - 1], rss);
	free(ms);
	return 0;
}
