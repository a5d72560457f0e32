/* Shift the wall clock (CLOCK_REALTIME, gettimeofday, time) of a process tree by TIMESHIFT_SECONDS, leaving the
 * monotonic clocks alone, so sleeps, timeouts and frame pacing behave as usual while every program (Python, ffmpeg,
 * PostgreSQL, Xvfb) agrees on a wall-clock hour of your choosing. A development tool: `scripts/at-hour.sh`. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static long shift(void) {
    static long s = -1;
    if (s == -1) {
        const char *v = getenv("TIMESHIFT_SECONDS");
        s = v ? atol(v) : 0;
    }
    return s;
}

static int realtime(clockid_t c) {
    return c == CLOCK_REALTIME || c == CLOCK_REALTIME_COARSE;
}

int clock_gettime(clockid_t c, struct timespec *ts) {
    static int (*real)(clockid_t, struct timespec *);
    if (!real) real = dlsym(RTLD_NEXT, "clock_gettime");
    int r = real(c, ts);
    if (r == 0 && realtime(c)) ts->tv_sec += shift();
    return r;
}

int gettimeofday(struct timeval *tv, void *tz) {
    static int (*real)(struct timeval *, void *);
    if (!real) real = dlsym(RTLD_NEXT, "gettimeofday");
    int r = real(tv, tz);
    if (r == 0 && tv) tv->tv_sec += shift();
    return r;
}

time_t time(time_t *t) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    if (t) *t = tv.tv_sec;
    return tv.tv_sec;
}
