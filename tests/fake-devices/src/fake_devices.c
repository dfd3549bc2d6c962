/*
 * cbrd-fake-devices: an LD_PRELOAD library that fakes a V4L2 capture device and a GPIO
 * character device (uapi v1) for cbrd's integration tests. See README.md beside this file for
 * the environment-variable protocol and the list of intercepted calls.
 *
 * The exported symbols (open, ioctl, syscall, ...) are defined in src/lib.rs and forward to the
 * cbrd_fake_* functions below; see lib.rs for why.
 *
 * Design:
 *  - Every fake fd is a REAL fd, so that the kernel handles poll/select/epoll/read/fcntl/close
 *    natively: the video fd is one end of an AF_UNIX SOCK_SEQPACKET socketpair whose peer holds
 *    one byte exactly while poll() should report something (frame ready, error, unplugged); a
 *    GPIO event fd is also a socketpair end, the script thread writes struct gpioevent_data
 *    records to it; chip and line-handle fds are eventfds (never readable).
 *  - g_kind[fd] (lock-free) says whether an fd is fake, so calls on other fds cost one load;
 *    g_obj[fd] and all fake state are protected by g_lock; g_cond (CLOCK_MONOTONIC) is broadcast
 *    on every state change.
 *  - Background threads (one per streaming video fd, one per GPIO event request) are detached
 *    and hold a reference on their object; they exit as soon as the fd is closed (or the stream
 *    stops, or the device is unplugged).
 *  - Internally only the real libc functions (resolved with dlsym(RTLD_NEXT, ...)) are used for
 *    intercepted calls, so nothing re-enters the interposers.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <linux/gpio.h>
#include <linux/videodev2.h>

#define MAX_FD 65536
#define MAX_BUFS 8
#define MAX_FORMATS 8
#define MAX_GPIO_LINES 1024
#define MAX_UNPLUG_MS (24L * 3600 * 1000)

enum { K_NONE = 0, K_VIDEO, K_CHIP, K_HANDLE, K_EVENT };

/* ------------------------------------------------------------------------------------------ */
/* Real libc functions                                                                         */
/* ------------------------------------------------------------------------------------------ */

typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef int (*open2_fn)(const char *, int);
typedef int (*openat2_fn)(int, const char *, int);
typedef int (*close_fn)(int);
typedef int (*ioctl_fn)(int, unsigned long, ...);
typedef long (*syscall_fn)(long, ...);
typedef void *(*mmap_fn)(void *, size_t, int, int, int, off_t);
typedef void *(*mmap64_fn)(void *, size_t, int, int, int, off64_t);
typedef int (*poll_fn)(struct pollfd *, nfds_t, int);
typedef ssize_t (*read_fn)(int, void *, size_t);
typedef ssize_t (*readchk_fn)(int, void *, size_t, size_t);
typedef int (*pollchk_fn)(struct pollfd *, nfds_t, int, size_t);

static void *p_open, *p_open64, *p_openat, *p_openat64, *p___open_2, *p___open64_2,
    *p___openat_2, *p___openat64_2, *p_close, *p_ioctl, *p_syscall, *p_mmap, *p_mmap64, *p_poll,
    *p___poll_chk, *p_read, *p___read_chk;

static void *resolve(const char *name, void **slot)
{
    void *p = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (!p) {
        p = dlsym(RTLD_NEXT, name);
        __atomic_store_n(slot, p, __ATOMIC_RELEASE);
    }
    return p;
}

#define REAL(type, name) ((type)resolve(#name, &p_##name))
/* Evaluates to the real function or returns -1/ENOSYS from the calling function. */
#define REAL_OR_FAIL(var, type, name, failval)                                                  \
    type var = REAL(type, name);                                                                \
    if (!var) {                                                                                 \
        errno = ENOSYS;                                                                         \
        return failval;                                                                         \
    }

static int real_close(int fd)
{
    REAL_OR_FAIL(f, close_fn, close, -1);
    return f(fd);
}

static int real_open(const char *path, int flags, unsigned mode)
{
    REAL_OR_FAIL(f, open_fn, open, -1);
    return f(path, flags, mode);
}

static int real_openat(int dirfd, const char *path, int flags)
{
    REAL_OR_FAIL(f, openat_fn, openat, -1);
    return f(dirfd, path, flags, 0u);
}

static void *real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    REAL_OR_FAIL(f, mmap_fn, mmap, MAP_FAILED);
    return f(addr, len, prot, flags, fd, off);
}

static int real_poll(struct pollfd *fds, nfds_t n, int timeout)
{
    REAL_OR_FAIL(f, poll_fn, poll, -1);
    return f(fds, n, timeout);
}

/* ------------------------------------------------------------------------------------------ */
/* Configuration                                                                                */
/* ------------------------------------------------------------------------------------------ */

struct fmtinfo {
    const char *name; /* as in the env var */
    uint32_t fourcc;
    const char *desc;
    const char *ext; /* frame-file extension */
};

static const struct fmtinfo FORMATS[] = {
    {"MJPG", V4L2_PIX_FMT_MJPEG, "Motion-JPEG", ".jpg"},
    {"YUYV", V4L2_PIX_FMT_YUYV, "YUYV 4:2:2", ".yuyv"},
    {"NV12", V4L2_PIX_FMT_NV12, "Y/UV 4:2:0", ".nv12"},
    {"RGB3", V4L2_PIX_FMT_RGB24, "24-bit RGB 8-8-8", ".rgb"},
    {"GREY", V4L2_PIX_FMT_GREY, "8-bit Greyscale", ".grey"},
};
#define NFMTS ((int)(sizeof FORMATS / sizeof FORMATS[0]))

static struct {
    char video_path[PATH_MAX];
    char card[32];
    int formats[MAX_FORMATS]; /* indexes into FORMATS */
    int nformats;
    uint32_t width, height;
    char frames_dir[PATH_MAX];
    int have_frames_dir;
    uint32_t fps_num, fps_den; /* frame interval = fps_den / fps_num s, i.e. fps = num/den */
    uint64_t period_ns;
    long unplug_after; /* 0: never */
    char unplug_when[PATH_MAX]; /* unplug once this file exists ("": never) */
    long unplug_ms;
    long fail_opens;
    int fail_errno;
    char log_path[PATH_MAX];
    int have_log;
    char gpio_path[PATH_MAX];
    char gpio_label[32];
    char gpio_name[32];
    uint32_t gpio_lines;
    char script_path[PATH_MAX];
    int have_script;
} cfg;

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond;

static unsigned char g_kind[MAX_FD];
static void *g_obj[MAX_FD];

static inline int fd_kind(int fd)
{
    if (fd < 0 || fd >= MAX_FD)
        return K_NONE;
    return __atomic_load_n(&g_kind[fd], __ATOMIC_ACQUIRE);
}

static void set_fd(int fd, int kind, void *obj)
{
    g_obj[fd] = obj;
    __atomic_store_n(&g_kind[fd], (unsigned char)kind, __ATOMIC_RELEASE);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static struct timespec ns_to_ts(uint64_t ns)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ns / 1000000000ull);
    ts.tv_nsec = (long)(ns % 1000000000ull);
    return ts;
}

/* Waits on g_cond (g_lock held) until woken or until the CLOCK_MONOTONIC time `deadline`. */
static void wait_until(uint64_t deadline)
{
    struct timespec ts = ns_to_ts(deadline);
    pthread_cond_timedwait(&g_cond, &g_lock, &ts);
}

static void flog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Appends one line to CBRD_FAKE_LOG (opened, written with one write(), closed). */
static void flog(const char *fmt, ...)
{
    if (!cfg.have_log)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    int saved = errno;
    int fd = real_open(cfg.log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        ssize_t w = write(fd, line, (size_t)n);
        (void)w;
        real_close(fd);
    }
    errno = saved;
}

/* A message to stderr (configuration mistakes, missing frames). */
static void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void warn(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    int saved = errno;
    dprintf(2, "cbrd-fake-devices: %s\n", line);
    errno = saved;
}

/* strlcpy: copies what fits, always NUL-terminates (size > 0). */
static void copy_str(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int errno_by_name(const char *s)
{
    static const struct {
        const char *name;
        int value;
    } T[] = {{"EBUSY", EBUSY}, {"EACCES", EACCES}, {"ENOENT", ENOENT}, {"EPERM", EPERM},
             {"EIO", EIO},     {"ENODEV", ENODEV}, {"ENXIO", ENXIO}};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (!strcmp(s, T[i].name))
            return T[i].value;
    return 0;
}

static const char *errno_name(int e)
{
    switch (e) {
    case EBUSY: return "EBUSY";
    case EACCES: return "EACCES";
    case ENOENT: return "ENOENT";
    case EPERM: return "EPERM";
    case EIO: return "EIO";
    case ENODEV: return "ENODEV";
    case ENXIO: return "ENXIO";
    default: return "E?";
    }
}

static void parse_formats(const char *s)
{
    char buf[256];
    copy_str(buf, sizeof buf, s);
    cfg.nformats = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
        int found = -1;
        for (int i = 0; i < NFMTS; i++)
            if (!strcasecmp(tok, FORMATS[i].name) || (i == 3 && !strcasecmp(tok, "RGB24")))
                found = i;
        if (found < 0) {
            warn("CBRD_FAKE_VIDEO_FORMATS: unknown format '%s' ignored", tok);
            continue;
        }
        int dup = 0;
        for (int j = 0; j < cfg.nformats; j++)
            dup |= cfg.formats[j] == found;
        if (!dup && cfg.nformats < MAX_FORMATS)
            cfg.formats[cfg.nformats++] = found;
    }
}

static void parse_fps(const char *s)
{
    /* a decimal number with up to 3 fraction digits, e.g. 10, 7.5, 0.5 */
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0.01 && v <= 1000.0)) {
        warn("CBRD_FAKE_VIDEO_FPS: bad value '%s', using 10", s);
        v = 10.0;
    }
    /* fps = num/den in lowest terms (7.5 -> 15/2, so the frame interval reads 2/15 s) */
    uint32_t num = (uint32_t)(v * 1000.0 + 0.5), den = 1000, a = num, b = den;
    while (b) {
        uint32_t t = a % b;
        a = b;
        b = t;
    }
    cfg.fps_num = num / a;
    cfg.fps_den = den / a;
    cfg.period_ns = (uint64_t)cfg.fps_den * 1000000000ull / cfg.fps_num;
}

static void atfork_prepare(void) { pthread_mutex_lock(&g_lock); }
static void atfork_parent(void) { pthread_mutex_unlock(&g_lock); }
static void atfork_child(void) { pthread_mutex_unlock(&g_lock); }

static void init_once(void)
{
    const char *e;

    copy_str(cfg.video_path, sizeof cfg.video_path,
             (e = getenv("CBRD_FAKE_VIDEO_PATH")) && *e ? e : "/dev/video9");
    copy_str(cfg.card, sizeof cfg.card,
             (e = getenv("CBRD_FAKE_VIDEO_CARD")) && *e ? e : "cbrd fake camera");

    parse_formats((e = getenv("CBRD_FAKE_VIDEO_FORMATS")) && *e ? e : "MJPG,YUYV");
    if (cfg.nformats == 0)
        parse_formats("MJPG,YUYV");

    cfg.width = 640;
    cfg.height = 480;
    if ((e = getenv("CBRD_FAKE_VIDEO_SIZE")) && *e) {
        unsigned w, h;
        char extra;
        if (sscanf(e, "%ux%u%c", &w, &h, &extra) == 2 && w >= 1 && h >= 1 && w <= 16384 &&
            h <= 16384) {
            cfg.width = w;
            cfg.height = h;
        } else {
            warn("CBRD_FAKE_VIDEO_SIZE: bad value '%s', using 640x480", e);
        }
    }

    if ((e = getenv("CBRD_FAKE_VIDEO_FRAMES")) && *e) {
        copy_str(cfg.frames_dir, sizeof cfg.frames_dir, e);
        cfg.have_frames_dir = 1;
    }

    parse_fps((e = getenv("CBRD_FAKE_VIDEO_FPS")) && *e ? e : "10");

    cfg.unplug_ms = 1000;
    if ((e = getenv("CBRD_FAKE_VIDEO_UNPLUG_AFTER")) && *e &&
        parse_long(e, 0, LONG_MAX, &cfg.unplug_after) < 0) {
        warn("CBRD_FAKE_VIDEO_UNPLUG_AFTER: bad value '%s', no unplug", e);
        cfg.unplug_after = 0;
    }
    if ((e = getenv("CBRD_FAKE_VIDEO_UNPLUG_WHEN")) && *e)
        copy_str(cfg.unplug_when, sizeof cfg.unplug_when, e);
    if ((e = getenv("CBRD_FAKE_VIDEO_UNPLUG_MS")) && *e &&
        parse_long(e, 0, MAX_UNPLUG_MS, &cfg.unplug_ms) < 0) {
        warn("CBRD_FAKE_VIDEO_UNPLUG_MS: bad value '%s', using 1000", e);
        cfg.unplug_ms = 1000;
    }

    if ((e = getenv("CBRD_FAKE_VIDEO_FAIL_OPENS")) && *e) {
        char buf[64];
        copy_str(buf, sizeof buf, e);
        char *colon = strchr(buf, ':');
        int err = 0;
        long k = 0;
        if (colon) {
            *colon = '\0';
            err = errno_by_name(colon + 1);
        }
        if (!colon || !err || parse_long(buf, 0, LONG_MAX, &k) < 0) {
            warn("CBRD_FAKE_VIDEO_FAIL_OPENS: bad value '%s' (want K:EBUSY|EACCES|ENOENT)", e);
        } else {
            cfg.fail_opens = k;
            cfg.fail_errno = err;
        }
    }

    if ((e = getenv("CBRD_FAKE_LOG")) && *e) {
        copy_str(cfg.log_path, sizeof cfg.log_path, e);
        cfg.have_log = 1;
    }

    copy_str(cfg.gpio_path, sizeof cfg.gpio_path,
             (e = getenv("CBRD_FAKE_GPIO_PATH")) && *e ? e : "/dev/gpiochip9");
    copy_str(cfg.gpio_label, sizeof cfg.gpio_label,
             (e = getenv("CBRD_FAKE_GPIO_LABEL")) && *e ? e : "cbrd-fake-gpio");
    {
        const char *base = strrchr(cfg.gpio_path, '/');
        base = base ? base + 1 : cfg.gpio_path;
        copy_str(cfg.gpio_name, sizeof cfg.gpio_name,
                 !strncmp(base, "gpiochip", 8) ? base : "gpiochip9");
    }
    cfg.gpio_lines = 32;
    if ((e = getenv("CBRD_FAKE_GPIO_LINES")) && *e) {
        long n;
        if (parse_long(e, 1, MAX_GPIO_LINES, &n) == 0)
            cfg.gpio_lines = (uint32_t)n;
        else
            warn("CBRD_FAKE_GPIO_LINES: bad value '%s', using 32", e);
    }
    if ((e = getenv("CBRD_FAKE_GPIO_SCRIPT")) && *e) {
        copy_str(cfg.script_path, sizeof cfg.script_path, e);
        cfg.have_script = 1;
    }

    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g_cond, &ca);
    pthread_condattr_destroy(&ca);

    pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

static void ensure_init(void) { pthread_once(&g_once, init_once); }

/* ------------------------------------------------------------------------------------------ */
/* Frame files                                                                                  */
/* ------------------------------------------------------------------------------------------ */

struct frame {
    char *name;
    unsigned char *data;
    size_t size;
};

struct framelist {
    struct frame *v;
    size_t n, cap;
};

static struct framelist g_frames[NFMTS]; /* by FORMATS index */
static size_t g_max_jpeg;
static pthread_once_t g_frames_once = PTHREAD_ONCE_INIT;

static size_t raw_size(int fi)
{
    size_t w = cfg.width, h = cfg.height;
    switch (fi) {
    case 1: return w * h * 2;                                     /* YUYV */
    case 2: return w * h + 2 * ((w + 1) / 2) * ((h + 1) / 2);     /* NV12 */
    case 3: return w * h * 3;                                     /* RGB3 */
    case 4: return w * h;                                         /* GREY */
    default: return 0;
    }
}

static uint32_t bytes_per_line(int fi)
{
    switch (fi) {
    case 1: return cfg.width * 2;
    case 2: return cfg.width;
    case 3: return cfg.width * 3;
    case 4: return cfg.width;
    default: return 0; /* compressed */
    }
}

static size_t size_image(int fi)
{
    if (fi == 0) {
        size_t s = (size_t)cfg.width * cfg.height * 2;
        return g_max_jpeg > s ? g_max_jpeg : s;
    }
    return raw_size(fi);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a > b && !strcasecmp(s + a - b, suffix);
}

static int frame_cmp(const void *a, const void *b)
{
    return strcmp(((const struct frame *)a)->name, ((const struct frame *)b)->name);
}

static unsigned char *read_file(int dirfd, const char *name, size_t *size)
{
    int fd = real_openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    unsigned char *data = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        size_t len = (size_t)st.st_size, got = 0;
        data = malloc(len ? len : 1);
        while (data && got < len) {
            ssize_t r = read(fd, data + got, len - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        if (data && got != len) {
            free(data);
            data = NULL;
        }
        *size = len;
    }
    real_close(fd);
    return data;
}

static void load_frames(void)
{
    if (!cfg.have_frames_dir)
        return;
    DIR *d = opendir(cfg.frames_dir);
    if (!d) {
        warn("CBRD_FAKE_VIDEO_FRAMES: cannot open directory %s: %s", cfg.frames_dir,
             strerror(errno));
        flog("video frames-error cannot open %s", cfg.frames_dir);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        int fi = -1;
        if (ends_with(de->d_name, ".jpg") || ends_with(de->d_name, ".jpeg"))
            fi = 0;
        for (int i = 1; i < NFMTS; i++)
            if (ends_with(de->d_name, FORMATS[i].ext))
                fi = i;
        if (fi < 0)
            continue;
        size_t size = 0;
        unsigned char *data = read_file(dirfd(d), de->d_name, &size);
        if (!data)
            continue;
        if (fi > 0 && size != raw_size(fi)) {
            warn("frame file %s/%s has %zu bytes, a %ux%u %s frame has %zu: skipped",
                 cfg.frames_dir, de->d_name, size, cfg.width, cfg.height, FORMATS[fi].name,
                 raw_size(fi));
            flog("video frame-skip %s size %zu expected %zu", de->d_name, size, raw_size(fi));
            free(data);
            continue;
        }
        struct framelist *l = &g_frames[fi];
        if (l->n == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 16;
            struct frame *nv = realloc(l->v, cap * sizeof *nv);
            if (!nv) {
                free(data);
                continue;
            }
            l->v = nv;
            l->cap = cap;
        }
        l->v[l->n].name = strdup(de->d_name);
        l->v[l->n].data = data;
        l->v[l->n].size = size;
        l->n++;
        if (fi == 0 && size > g_max_jpeg)
            g_max_jpeg = size;
    }
    closedir(d);
    for (int i = 0; i < NFMTS; i++)
        if (g_frames[i].n > 1)
            qsort(g_frames[i].v, g_frames[i].n, sizeof(struct frame), frame_cmp);
}

/* ------------------------------------------------------------------------------------------ */
/* Fake camera                                                                                  */
/* ------------------------------------------------------------------------------------------ */

enum { B_DEQUEUED = 0, B_QUEUED, B_DONE };

struct vbuf {
    int state;
    uint32_t bytesused, sequence;
    uint64_t ts_ns;
    size_t file; /* index into the frame list, for the log */
    uint64_t qorder, dorder;
};

struct vfd {
    int fd, peer;
    int refs;
    int closed, dead, dead_signaled, streaming, error, signaled;
    int fi; /* format of the allocated buffers / stream (FORMATS index) */
    unsigned nbufs;
    size_t buflen, stride;
    int memfd;
    unsigned char *map;
    struct vbuf bufs[MAX_BUFS];
    uint64_t qctr, dctr;
    uint32_t seq;
    uint64_t gen, t0, ticks;
    struct vfd *next;
};

static struct vfd *g_vlist;
static int g_cur_fmt; /* index into cfg.formats: the device's current format */
static long g_fail_count;
static uint64_t g_dq_total, g_frame_counter;
static int g_unplug_done, g_unplug_active;
static uint64_t g_unplug_until;

static void v_free_bufs(struct vfd *v)
{
    if (v->map)
        munmap(v->map, v->stride * v->nbufs);
    if (v->memfd >= 0)
        real_close(v->memfd);
    v->map = NULL;
    v->memfd = -1;
    v->nbufs = 0;
}

static void v_unref(struct vfd *v)
{
    if (--v->refs > 0)
        return;
    v_free_bufs(v);
    if (v->peer >= 0)
        real_close(v->peer);
    free(v);
}

static int v_has_done(const struct vfd *v)
{
    for (unsigned i = 0; i < v->nbufs; i++)
        if (v->bufs[i].state == B_DONE)
            return 1;
    return 0;
}

/* Frames captured but never dequeued (stream stopped, fd closed, device unplugged) give their
   files back, so that the next stream continues the file loop with the first undelivered file.
   They are the most recent fills: only one fd streams at a time. */
static void v_discard_done(struct vfd *v)
{
    for (unsigned i = 0; i < v->nbufs; i++)
        if (v->bufs[i].state == B_DONE) {
            v->bufs[i].state = B_DEQUEUED;
            if (g_frame_counter > 0)
                g_frame_counter--;
        }
}

/* Keeps one byte in the socket exactly while poll() should report an event. */
static void v_update_signal(struct vfd *v)
{
    if (v->closed)
        return;
    if (v->dead) {
        if (!v->dead_signaled) {
            char c = 1;
            if (!v->signaled)
                send(v->peer, &c, 1, MSG_DONTWAIT | MSG_NOSIGNAL);
            shutdown(v->peer, SHUT_RDWR); /* native POLLHUP for select/epoll users */
            v->signaled = v->dead_signaled = 1;
        }
        return;
    }
    int want = !v->streaming || v->error || v_has_done(v);
    if (want && !v->signaled) {
        char c = 1;
        send(v->peer, &c, 1, MSG_DONTWAIT | MSG_NOSIGNAL);
        v->signaled = 1;
    } else if (!want && v->signaled) {
        char b[16];
        while (recv(v->fd, b, sizeof b, MSG_DONTWAIT) > 0) {
        }
        v->signaled = 0;
    }
}

static short v_revents(const struct vfd *v, short events)
{
    if (v->dead)
        return (short)(POLLERR | POLLHUP | (events & POLLPRI));
    if (!v->streaming || v->error)
        return POLLERR;
    if (v_has_done(v))
        return (short)(events & (POLLIN | POLLRDNORM));
    return 0;
}

/* Another live fd owning buffers (the queue is busy, as in videobuf2). */
static int v_other_owner(const struct vfd *v)
{
    for (const struct vfd *o = g_vlist; o; o = o->next)
        if (o != v && !o->dead && o->nbufs > 0)
            return 1;
    return 0;
}

static void maybe_replug(uint64_t now)
{
    if (g_unplug_active && now >= g_unplug_until) {
        g_unplug_active = 0;
        g_cur_fmt = 0; /* a re-enumerated device starts with its default format */
        flog("video replug");
        pthread_cond_broadcast(&g_cond);
    }
}

static void *replug_thread(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&g_lock);
    uint64_t until = g_unplug_until;
    while (g_unplug_active && now_ns() < until)
        wait_until(until);
    maybe_replug(now_ns());
    pthread_mutex_unlock(&g_lock);
    return NULL;
}

static void do_unplug(void)
{
    g_unplug_done = 1;
    g_unplug_active = 1;
    g_unplug_until = now_ns() + (uint64_t)cfg.unplug_ms * 1000000ull;
    flog("video unplug");
    for (struct vfd *v = g_vlist; v; v = v->next) {
        v->dead = 1;
        v_discard_done(v);
        v_update_signal(v);
    }
    pthread_cond_broadcast(&g_cond);
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &a, replug_thread, NULL) != 0)
        warn("cannot start the replug timer thread (open will replug lazily)");
    pthread_attr_destroy(&a);
}

/* One frame period elapsed: fill the oldest queued buffer, if any (else the frame is dropped). */
static void v_produce(struct vfd *v, uint64_t now)
{
    if (v->error)
        return;
    struct framelist *l = &g_frames[v->fi];
    if (l->n == 0) {
        v->error = 1;
        const char *ext = v->fi == 0 ? ".jpg/.jpeg" : FORMATS[v->fi].ext;
        if (cfg.have_frames_dir) {
            warn("no %s frame files in %s for %s: VIDIOC_DQBUF fails with EIO", ext,
                 cfg.frames_dir, FORMATS[v->fi].name);
            flog("video error no %s frame files in %s", ext, cfg.frames_dir);
        } else {
            warn("CBRD_FAKE_VIDEO_FRAMES is not set: VIDIOC_DQBUF fails with EIO");
            flog("video error CBRD_FAKE_VIDEO_FRAMES not set");
        }
        v_update_signal(v);
        pthread_cond_broadcast(&g_cond);
        return;
    }
    int best = -1;
    for (unsigned i = 0; i < v->nbufs; i++)
        if (v->bufs[i].state == B_QUEUED &&
            (best < 0 || v->bufs[i].qorder < v->bufs[best].qorder))
            best = (int)i;
    if (best < 0)
        return;
    struct vbuf *b = &v->bufs[best];
    size_t idx = (size_t)(g_frame_counter++ % l->n);
    size_t size = l->v[idx].size;
    if (size > v->buflen)
        size = v->buflen;
    memcpy(v->map + (size_t)best * v->stride, l->v[idx].data, size);
    b->state = B_DONE;
    b->bytesused = (uint32_t)size;
    b->sequence = v->seq++;
    b->ts_ns = now;
    b->file = idx;
    b->dorder = ++v->dctr;
    v_update_signal(v);
    pthread_cond_broadcast(&g_cond);
}

static void *video_thread(void *arg)
{
    struct vfd *v = arg;
    pthread_mutex_lock(&g_lock);
    uint64_t gen = v->gen;
    while (!v->closed && !v->dead && v->streaming && v->gen == gen) {
        uint64_t next = v->t0 + (v->ticks + 1) * cfg.period_ns;
        uint64_t now = now_ns();
        if (now < next) {
            wait_until(next);
            continue;
        }
        if (now - next >= cfg.period_ns) /* fell behind (suspended?): skip missed periods */
            v->ticks = (now - v->t0) / cfg.period_ns - 1;
        v->ticks++;
        v_produce(v, now);
    }
    v_unref(v);
    pthread_mutex_unlock(&g_lock);
    return NULL;
}

static void fill_pix(struct v4l2_pix_format *p, int fi)
{
    memset(p, 0, sizeof *p);
    p->width = cfg.width;
    p->height = cfg.height;
    p->pixelformat = FORMATS[fi].fourcc;
    p->field = V4L2_FIELD_NONE;
    p->bytesperline = bytes_per_line(fi);
    p->sizeimage = (uint32_t)size_image(fi);
    p->colorspace = V4L2_COLORSPACE_SRGB;
}

static int offered(uint32_t fourcc)
{
    for (int i = 0; i < cfg.nformats; i++)
        if (FORMATS[cfg.formats[i]].fourcc == fourcc)
            return i;
    return -1;
}

static void fill_buf(const struct vfd *v, unsigned i, struct v4l2_buffer *b)
{
    const struct vbuf *vb = &v->bufs[i];
    uint32_t type = b->type;
    memset(b, 0, sizeof *b);
    b->index = i;
    b->type = type;
    b->memory = V4L2_MEMORY_MMAP;
    b->m.offset = (uint32_t)(i * v->stride);
    b->length = (uint32_t)v->buflen;
    b->field = V4L2_FIELD_NONE;
    b->flags = V4L2_BUF_FLAG_MAPPED | V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC |
               V4L2_BUF_FLAG_TSTAMP_SRC_EOF;
    if (vb->state == B_QUEUED)
        b->flags |= V4L2_BUF_FLAG_QUEUED;
    if (vb->state == B_DONE)
        b->flags |= V4L2_BUF_FLAG_DONE;
    if (vb->state != B_QUEUED) {
        b->bytesused = vb->bytesused;
        b->sequence = vb->sequence;
        b->timestamp.tv_sec = (time_t)(vb->ts_ns / 1000000000ull);
        b->timestamp.tv_usec = (suseconds_t)(vb->ts_ns % 1000000000ull / 1000);
    }
}

static int v_reqbufs(struct vfd *v, struct v4l2_requestbuffers *r)
{
    if (r->type != V4L2_BUF_TYPE_VIDEO_CAPTURE || r->memory != V4L2_MEMORY_MMAP)
        return -EINVAL;
    if (v->streaming)
        return -EBUSY;
    if (r->count > 0 && v_other_owner(v))
        return -EBUSY;
    v_free_bufs(v);
    r->capabilities = V4L2_BUF_CAP_SUPPORTS_MMAP;
    if (r->count == 0)
        return 0;
    unsigned count = r->count > MAX_BUFS ? MAX_BUFS : r->count;
    int fi = cfg.formats[g_cur_fmt];
    long page = sysconf(_SC_PAGESIZE);
    size_t pg = page > 0 ? (size_t)page : 4096;
    size_t len = size_image(fi);
    size_t stride = (len + pg - 1) / pg * pg;
    int mfd = memfd_create("cbrd-fake-video", MFD_CLOEXEC);
    if (mfd < 0)
        return -ENOMEM;
    if (ftruncate(mfd, (off_t)(stride * count)) < 0) {
        real_close(mfd);
        return -ENOMEM;
    }
    void *map = real_mmap(NULL, stride * count, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
    if (map == MAP_FAILED) {
        real_close(mfd);
        return -ENOMEM;
    }
    v->memfd = mfd;
    v->map = map;
    v->nbufs = count;
    v->buflen = len;
    v->stride = stride;
    v->fi = fi;
    memset(v->bufs, 0, sizeof v->bufs);
    r->count = count;
    return 0;
}

static int v_streamon(struct vfd *v)
{
    if (v->nbufs == 0)
        return -EINVAL;
    if (v->streaming)
        return 0;
    for (const struct vfd *o = g_vlist; o; o = o->next)
        if (o != v && !o->dead && o->streaming)
            return -EBUSY;
    v->streaming = 1;
    v->error = 0;
    v->seq = 0;
    v->t0 = now_ns();
    v->ticks = 0;
    v->gen++;
    v->refs++;
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&t, &a, video_thread, v);
    pthread_attr_destroy(&a);
    if (rc != 0) {
        v->streaming = 0;
        v->refs--;
        return -ENOMEM;
    }
    flog("video streamon");
    v_update_signal(v);
    return 0;
}

static void v_streamoff(struct vfd *v)
{
    if (!v->streaming)
        return;
    v->streaming = 0;
    v->error = 0;
    v->gen++;
    v_discard_done(v);
    for (unsigned i = 0; i < v->nbufs; i++) {
        v->bufs[i].state = B_DEQUEUED;
        v->bufs[i].bytesused = 0;
    }
    flog("video streamoff");
    v_update_signal(v);
    pthread_cond_broadcast(&g_cond);
}

static int v_dqbuf(struct vfd *v, struct v4l2_buffer *b)
{
    if (b->type != V4L2_BUF_TYPE_VIDEO_CAPTURE || b->memory != V4L2_MEMORY_MMAP)
        return -EINVAL;
    int nonblock = (fcntl(v->fd, F_GETFL) & O_NONBLOCK) != 0;
    int rc = 0;
    v->refs++; /* v stays valid while we wait, even if another thread closes the fd */
    for (;;) {
        if (v->closed) {
            rc = -EBADF;
            break;
        }
        if (v->dead) {
            rc = -ENODEV;
            break;
        }
        if (!v->streaming) {
            rc = -EINVAL;
            break;
        }
        if (v->error) {
            rc = -EIO;
            break;
        }
        int best = -1;
        for (unsigned i = 0; i < v->nbufs; i++)
            if (v->bufs[i].state == B_DONE &&
                (best < 0 || v->bufs[i].dorder < v->bufs[best].dorder))
                best = (int)i;
        if (best >= 0) {
            struct vbuf *vb = &v->bufs[best];
            vb->state = B_DEQUEUED;
            fill_buf(v, (unsigned)best, b);
            g_dq_total++;
            flog("video frame %u %s", vb->sequence, g_frames[v->fi].v[vb->file].name);
            v_update_signal(v);
            /* access() is not faked: it asks the real file system. */
            if (!g_unplug_done &&
                ((cfg.unplug_after > 0 && g_dq_total >= (uint64_t)cfg.unplug_after) ||
                 (cfg.unplug_when[0] && access(cfg.unplug_when, F_OK) == 0)))
                do_unplug();
            break;
        }
        if (nonblock) {
            rc = -EAGAIN;
            break;
        }
        pthread_cond_wait(&g_cond, &g_lock);
    }
    v_unref(v);
    return rc;
}

static int video_ioctl(struct vfd *v, unsigned int req, void *arg)
{
    if (!arg && req != VIDIOC_LOG_STATUS)
        return -EFAULT;
    if (v->dead)
        return -ENODEV;

    switch (req) {
    case VIDIOC_QUERYCAP: {
        struct v4l2_capability *c = arg;
        memset(c, 0, sizeof *c);
        copy_str((char *)c->driver, sizeof c->driver, "cbrd-fake");
        copy_str((char *)c->card, sizeof c->card, cfg.card);
        copy_str((char *)c->bus_info, sizeof c->bus_info, "platform:cbrd-fake");
        c->version = (6u << 16) | (1u << 8);
        c->device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING;
        c->capabilities = c->device_caps | V4L2_CAP_DEVICE_CAPS;
        return 0;
    }
    case VIDIOC_ENUM_FMT: {
        struct v4l2_fmtdesc *f = arg;
        if (f->type != V4L2_BUF_TYPE_VIDEO_CAPTURE || f->index >= (uint32_t)cfg.nformats)
            return -EINVAL;
        uint32_t index = f->index, type = f->type;
        int fi = cfg.formats[index];
        memset(f, 0, sizeof *f);
        f->index = index;
        f->type = type;
        f->flags = fi == 0 ? V4L2_FMT_FLAG_COMPRESSED : 0;
        copy_str((char *)f->description, sizeof f->description, FORMATS[fi].desc);
        f->pixelformat = FORMATS[fi].fourcc;
        return 0;
    }
    case VIDIOC_G_FMT: {
        struct v4l2_format *f = arg;
        if (f->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
            return -EINVAL;
        fill_pix(&f->fmt.pix, cfg.formats[g_cur_fmt]);
        return 0;
    }
    case VIDIOC_S_FMT:
    case VIDIOC_TRY_FMT: {
        struct v4l2_format *f = arg;
        if (f->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
            return -EINVAL;
        int k = offered(f->fmt.pix.pixelformat);
        if (k < 0)
            k = 0;
        if (req == VIDIOC_S_FMT) {
            if (v->nbufs > 0 || v_other_owner(v))
                return -EBUSY;
            g_cur_fmt = k;
            flog("video s_fmt %s %ux%u", FORMATS[cfg.formats[k]].name, cfg.width, cfg.height);
        }
        fill_pix(&f->fmt.pix, cfg.formats[k]);
        return 0;
    }
    case VIDIOC_ENUM_FRAMESIZES: {
        struct v4l2_frmsizeenum *s = arg;
        if (s->index != 0 || offered(s->pixel_format) < 0)
            return -EINVAL;
        s->type = V4L2_FRMSIZE_TYPE_DISCRETE;
        s->discrete.width = cfg.width;
        s->discrete.height = cfg.height;
        memset(s->reserved, 0, sizeof s->reserved);
        return 0;
    }
    case VIDIOC_ENUM_FRAMEINTERVALS: {
        struct v4l2_frmivalenum *s = arg;
        if (s->index != 0 || offered(s->pixel_format) < 0 || s->width != cfg.width ||
            s->height != cfg.height)
            return -EINVAL;
        s->type = V4L2_FRMIVAL_TYPE_DISCRETE;
        s->discrete.numerator = cfg.fps_den;
        s->discrete.denominator = cfg.fps_num;
        memset(s->reserved, 0, sizeof s->reserved);
        return 0;
    }
    case VIDIOC_G_PARM:
    case VIDIOC_S_PARM: {
        struct v4l2_streamparm *p = arg;
        if (p->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
            return -EINVAL;
        memset(&p->parm, 0, sizeof p->parm);
        p->parm.capture.capability = V4L2_CAP_TIMEPERFRAME;
        p->parm.capture.timeperframe.numerator = cfg.fps_den;
        p->parm.capture.timeperframe.denominator = cfg.fps_num;
        return 0;
    }
    case VIDIOC_ENUMINPUT: {
        struct v4l2_input *in = arg;
        if (in->index != 0)
            return -EINVAL;
        memset(in, 0, sizeof *in);
        copy_str((char *)in->name, sizeof in->name, "Camera 1");
        in->type = V4L2_INPUT_TYPE_CAMERA;
        return 0;
    }
    case VIDIOC_G_INPUT:
        *(int *)arg = 0;
        return 0;
    case VIDIOC_S_INPUT:
        return *(int *)arg == 0 ? 0 : -EINVAL;
    case VIDIOC_REQBUFS:
        return v_reqbufs(v, arg);
    case VIDIOC_QUERYBUF: {
        struct v4l2_buffer *b = arg;
        if (b->type != V4L2_BUF_TYPE_VIDEO_CAPTURE || b->index >= v->nbufs)
            return -EINVAL;
        fill_buf(v, b->index, b);
        return 0;
    }
    case VIDIOC_QBUF: {
        struct v4l2_buffer *b = arg;
        if (v->error)
            return -EIO;
        if (b->type != V4L2_BUF_TYPE_VIDEO_CAPTURE || b->memory != V4L2_MEMORY_MMAP ||
            b->index >= v->nbufs || v->bufs[b->index].state != B_DEQUEUED)
            return -EINVAL;
        v->bufs[b->index].state = B_QUEUED;
        v->bufs[b->index].qorder = ++v->qctr;
        fill_buf(v, b->index, b);
        return 0;
    }
    case VIDIOC_DQBUF:
        return v_dqbuf(v, arg);
    case VIDIOC_STREAMON:
        if (*(int *)arg != V4L2_BUF_TYPE_VIDEO_CAPTURE)
            return -EINVAL;
        return v_streamon(v);
    case VIDIOC_STREAMOFF:
        if (*(int *)arg != V4L2_BUF_TYPE_VIDEO_CAPTURE)
            return -EINVAL;
        v_streamoff(v);
        return 0;
    default:
        return -ENOTTY; /* controls, standards, ...: not implemented by this "driver" */
    }
}

static int video_open(int flags)
{
    pthread_once(&g_frames_once, load_frames); /* before taking g_lock: it does file I/O */
    pthread_mutex_lock(&g_lock);
    maybe_replug(now_ns());
    int err = 0;
    if (g_fail_count < cfg.fail_opens) {
        g_fail_count++;
        err = cfg.fail_errno;
    } else if (g_unplug_active) {
        err = ENOENT;
    }
    if (err) {
        flog("video open-fail %s", errno_name(err));
        pthread_mutex_unlock(&g_lock);
        errno = err;
        return -1;
    }
    int sv[2];
    int type = SOCK_SEQPACKET | ((flags & O_CLOEXEC) ? SOCK_CLOEXEC : 0);
    if (socketpair(AF_UNIX, type, 0, sv) < 0) {
        pthread_mutex_unlock(&g_lock);
        return -1;
    }
    if (sv[0] >= MAX_FD) {
        real_close(sv[0]);
        real_close(sv[1]);
        pthread_mutex_unlock(&g_lock);
        errno = EMFILE;
        return -1;
    }
    if (flags & O_NONBLOCK)
        fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
    fcntl(sv[1], F_SETFD, FD_CLOEXEC);
    struct vfd *v = calloc(1, sizeof *v);
    if (!v) {
        real_close(sv[0]);
        real_close(sv[1]);
        pthread_mutex_unlock(&g_lock);
        errno = ENOMEM;
        return -1;
    }
    v->fd = sv[0];
    v->peer = sv[1];
    v->memfd = -1;
    v->refs = 1;
    v->next = g_vlist;
    g_vlist = v;
    v_update_signal(v);
    set_fd(v->fd, K_VIDEO, v);
    flog("video open");
    pthread_mutex_unlock(&g_lock);
    return v->fd;
}

static void video_close(struct vfd *v)
{
    for (struct vfd **pp = &g_vlist; *pp; pp = &(*pp)->next)
        if (*pp == v) {
            *pp = v->next;
            break;
        }
    v_discard_done(v);
    v->streaming = 0;
    v->closed = 1;
    flog("video close");
    pthread_cond_broadcast(&g_cond);
    v_unref(v);
}

/* ------------------------------------------------------------------------------------------ */
/* Fake GPIO chip                                                                               */
/* ------------------------------------------------------------------------------------------ */

#define REQ_VALID_FLAGS 0xffu
#define REQ_BIAS_FLAGS                                                                          \
    (GPIOHANDLE_REQUEST_BIAS_PULL_UP | GPIOHANDLE_REQUEST_BIAS_PULL_DOWN |                       \
     GPIOHANDLE_REQUEST_BIAS_DISABLE)

struct gline {
    int used, out;
    uint32_t flags;
    char consumer[32];
    uint8_t value;
};

static struct gline *g_lines;

struct edge {
    uint64_t ms;
    int rising;
};

struct script {
    struct edge *e;
    size_t n;
};

struct ghandle {
    uint32_t n;
    uint32_t off[GPIOHANDLES_MAX];
    uint32_t flags;
};

struct gevent {
    int fd, peer, refs, closed;
    uint32_t off, hflags, eflags;
    int level;
    uint64_t t0;
    struct script s;
};

static int edge_cmp(const void *a, const void *b)
{
    const struct edge *x = a, *y = b;
    return x->ms < y->ms ? -1 : x->ms > y->ms;
}

/* Reads CBRD_FAKE_GPIO_SCRIPT ("<ms> rising|falling" lines; '#' comments). */
static struct script load_script(void)
{
    struct script s = {NULL, 0};
    if (!cfg.have_script)
        return s;
    size_t size = 0;
    char *text = (char *)read_file(AT_FDCWD, cfg.script_path, &size);
    if (!text) {
        warn("CBRD_FAKE_GPIO_SCRIPT: cannot read %s", cfg.script_path);
        flog("gpio script-error cannot read %s", cfg.script_path);
        return s;
    }
    char *t = realloc(text, size + 1);
    if (!t) {
        free(text);
        return s;
    }
    text = t;
    text[size] = '\0';
    size_t cap = 0;
    unsigned lineno = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        unsigned long long ms;
        char kind[16], extra;
        int n = sscanf(line, "%llu %15s %c", &ms, kind, &extra);
        if (n == EOF)
            continue; /* blank or comment */
        int rising = -1;
        if (n == 2)
            rising = !strcmp(kind, "rising") ? 1 : !strcmp(kind, "falling") ? 0 : -1;
        if (rising < 0) {
            char trimmed[64];
            copy_str(trimmed, sizeof trimmed, line);
            warn("CBRD_FAKE_GPIO_SCRIPT %s:%u: bad line '%s' ignored", cfg.script_path, lineno,
                 trimmed);
            continue;
        }
        if (s.n == cap) {
            cap = cap ? cap * 2 : 16;
            struct edge *ne = realloc(s.e, cap * sizeof *ne);
            if (!ne)
                break;
            s.e = ne;
        }
        s.e[s.n].ms = ms;
        s.e[s.n].rising = rising;
        s.n++;
    }
    free(text);
    /* insertion order is kept for equal times (qsort is not stable, but ties are rare and
       the order of the file is what an author means): use a stable insertion sort */
    for (size_t i = 1; i < s.n; i++) {
        struct edge x = s.e[i];
        size_t j = i;
        while (j > 0 && edge_cmp(&s.e[j - 1], &x) > 0) {
            s.e[j] = s.e[j - 1];
            j--;
        }
        s.e[j] = x;
    }
    return s;
}

static int script_initial_level(const struct script *s)
{
    return s->n > 0 && s->e[0].rising ? 0 : 1;
}

static int initial_input_level(void)
{
    struct script s = load_script();
    int level = script_initial_level(&s);
    free(s.e);
    return level;
}

static void g_ensure_lines(void)
{
    if (!g_lines)
        g_lines = calloc(cfg.gpio_lines, sizeof *g_lines);
}

static void line_take(uint32_t off, uint32_t flags, const char *label)
{
    struct gline *l = &g_lines[off];
    l->used = 1;
    l->out = (flags & GPIOHANDLE_REQUEST_OUTPUT) != 0;
    l->flags = flags;
    copy_str(l->consumer, sizeof l->consumer, label[0] ? label : "?");
}

static void line_release(uint32_t off)
{
    struct gline *l = &g_lines[off];
    l->used = 0;
    l->flags = 0;
    l->consumer[0] = '\0';
    flog("gpio release %u", off);
}

static void ev_unref(struct gevent *e)
{
    if (--e->refs > 0)
        return;
    if (e->peer >= 0)
        real_close(e->peer);
    free(e->s.e);
    free(e);
}

static void *event_thread(void *arg)
{
    struct gevent *e = arg;
    pthread_mutex_lock(&g_lock);
    size_t i = 0;
    while (!e->closed && i < e->s.n) {
        uint64_t due = e->t0 + e->s.e[i].ms * 1000000ull;
        if (now_ns() < due) {
            wait_until(due);
            continue;
        }
        int rising = e->s.e[i].rising;
        i++;
        e->level = rising;
        g_lines[e->off].value = (uint8_t)rising;
        uint32_t want = rising ? GPIOEVENT_REQUEST_RISING_EDGE : GPIOEVENT_REQUEST_FALLING_EDGE;
        if (!(e->eflags & want))
            continue;
        struct gpioevent_data d;
        memset(&d, 0, sizeof d);
        d.timestamp = now_ns();
        d.id = rising ? GPIOEVENT_EVENT_RISING_EDGE : GPIOEVENT_EVENT_FALLING_EDGE;
        if (send(e->peer, &d, sizeof d, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 && errno == EPIPE)
            break; /* the fd was closed behind our back */
        flog("gpio edge %u %s", e->off, rising ? "rising" : "falling");
    }
    ev_unref(e);
    pthread_mutex_unlock(&g_lock);
    return NULL;
}

static int new_eventfd(int cloexec)
{
    int fd = eventfd(0, cloexec ? EFD_CLOEXEC : 0);
    if (fd >= MAX_FD) {
        real_close(fd);
        errno = EMFILE;
        return -1;
    }
    return fd;
}

static int check_bias(uint32_t f)
{
    uint32_t b = f & REQ_BIAS_FLAGS;
    return (b & (b - 1)) ? -EINVAL : 0; /* at most one bias flag */
}

static int gpio_linehandle(struct gpiohandle_request *r)
{
    uint32_t f = r->flags;
    if (r->lines == 0 || r->lines > GPIOHANDLES_MAX)
        return -EINVAL;
    if (f & ~REQ_VALID_FLAGS)
        return -EINVAL;
    if ((f & GPIOHANDLE_REQUEST_INPUT) && (f & GPIOHANDLE_REQUEST_OUTPUT))
        return -EINVAL;
    if ((f & GPIOHANDLE_REQUEST_OPEN_DRAIN) && (f & GPIOHANDLE_REQUEST_OPEN_SOURCE))
        return -EINVAL;
    if (!(f & GPIOHANDLE_REQUEST_OUTPUT) &&
        (f & (GPIOHANDLE_REQUEST_OPEN_DRAIN | GPIOHANDLE_REQUEST_OPEN_SOURCE)))
        return -EINVAL;
    if (!(f & (GPIOHANDLE_REQUEST_INPUT | GPIOHANDLE_REQUEST_OUTPUT)) && (f & REQ_BIAS_FLAGS))
        return -EINVAL;
    if (check_bias(f))
        return -EINVAL;
    for (uint32_t i = 0; i < r->lines; i++) {
        if (r->lineoffsets[i] >= cfg.gpio_lines)
            return -EINVAL;
        for (uint32_t j = 0; j < i; j++)
            if (r->lineoffsets[j] == r->lineoffsets[i])
                return -EBUSY;
        if (g_lines[r->lineoffsets[i]].used)
            return -EBUSY;
    }
    struct ghandle *h = calloc(1, sizeof *h);
    if (!h)
        return -ENOMEM;
    int fd = new_eventfd(1);
    if (fd < 0) {
        free(h);
        return -errno;
    }
    char label[32];
    memcpy(label, r->consumer_label, sizeof label);
    label[31] = '\0';
    int in_level = (f & GPIOHANDLE_REQUEST_OUTPUT) ? 0 : initial_input_level();
    h->n = r->lines;
    h->flags = f;
    for (uint32_t i = 0; i < r->lines; i++) {
        uint32_t off = r->lineoffsets[i];
        h->off[i] = off;
        line_take(off, f, label);
        g_lines[off].value =
            (f & GPIOHANDLE_REQUEST_OUTPUT) ? (uint8_t)!!r->default_values[i] : (uint8_t)in_level;
        flog("gpio line-request %u flags=0x%x", off, f);
    }
    set_fd(fd, K_HANDLE, h);
    r->fd = fd;
    return 0;
}

static int gpio_lineevent(struct gpioevent_request *r)
{
    uint32_t f = r->handleflags, ef = r->eventflags;
    if (r->lineoffset >= cfg.gpio_lines)
        return -EINVAL;
    if ((f & ~REQ_VALID_FLAGS) || (ef & ~(uint32_t)GPIOEVENT_REQUEST_BOTH_EDGES))
        return -EINVAL;
    if (f & (GPIOHANDLE_REQUEST_OUTPUT | GPIOHANDLE_REQUEST_OPEN_DRAIN |
             GPIOHANDLE_REQUEST_OPEN_SOURCE))
        return -EINVAL;
    if (check_bias(f))
        return -EINVAL;
    if (g_lines[r->lineoffset].used)
        return -EBUSY;
    struct gevent *e = calloc(1, sizeof *e);
    if (!e)
        return -ENOMEM;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
        int err = errno;
        free(e);
        return -err;
    }
    if (sv[0] >= MAX_FD) {
        real_close(sv[0]);
        real_close(sv[1]);
        free(e);
        return -EMFILE;
    }
    fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
    e->fd = sv[0];
    e->peer = sv[1];
    e->refs = 2; /* the fd table and the thread */
    e->off = r->lineoffset;
    e->hflags = f;
    e->eflags = ef;
    e->s = load_script();
    e->level = script_initial_level(&e->s);
    e->t0 = now_ns();
    char label[32];
    memcpy(label, r->consumer_label, sizeof label);
    label[31] = '\0';
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&t, &a, event_thread, e);
    pthread_attr_destroy(&a);
    if (rc != 0) {
        real_close(sv[0]);
        e->refs = 1;
        ev_unref(e);
        return -ENOMEM;
    }
    line_take(e->off, f | GPIOHANDLE_REQUEST_INPUT, label);
    g_lines[e->off].value = (uint8_t)e->level;
    flog("gpio event-request %u flags=0x%x events=0x%x", e->off, f, ef);
    set_fd(e->fd, K_EVENT, e);
    r->fd = e->fd;
    return 0;
}

static int chip_ioctl(unsigned int req, void *arg)
{
    if (!arg)
        return -EFAULT;
    switch (req) {
    case GPIO_GET_CHIPINFO_IOCTL: {
        struct gpiochip_info *ci = arg;
        memset(ci, 0, sizeof *ci);
        copy_str(ci->name, sizeof ci->name, cfg.gpio_name);
        copy_str(ci->label, sizeof ci->label, cfg.gpio_label);
        ci->lines = cfg.gpio_lines;
        return 0;
    }
    case GPIO_GET_LINEINFO_IOCTL: {
        struct gpioline_info *li = arg;
        uint32_t off = li->line_offset;
        if (off >= cfg.gpio_lines)
            return -EINVAL;
        const struct gline *l = &g_lines[off];
        memset(li, 0, sizeof *li);
        li->line_offset = off;
        snprintf(li->name, sizeof li->name, "GPIO%u", off);
        if (l->used) {
            li->flags = GPIOLINE_FLAG_KERNEL | (l->flags & 0xfcu);
            copy_str(li->consumer, sizeof li->consumer, l->consumer);
        }
        if (l->out)
            li->flags |= GPIOLINE_FLAG_IS_OUT;
        return 0;
    }
    case GPIO_GET_LINEHANDLE_IOCTL:
        return gpio_linehandle(arg);
    case GPIO_GET_LINEEVENT_IOCTL:
        return gpio_lineevent(arg);
    default:
        return -EINVAL; /* as the kernel's gpio_ioctl for unknown (and here: uapi v2) ioctls */
    }
}

static int handle_ioctl(struct ghandle *h, unsigned int req, void *arg)
{
    if (!arg)
        return -EFAULT;
    struct gpiohandle_data *d = arg;
    switch (req) {
    case GPIOHANDLE_GET_LINE_VALUES_IOCTL:
        memset(d, 0, sizeof *d);
        for (uint32_t i = 0; i < h->n; i++)
            d->values[i] = g_lines[h->off[i]].value;
        return 0;
    case GPIOHANDLE_SET_LINE_VALUES_IOCTL:
        if (!(h->flags & GPIOHANDLE_REQUEST_OUTPUT))
            return -EPERM;
        for (uint32_t i = 0; i < h->n; i++) {
            g_lines[h->off[i]].value = (uint8_t)!!d->values[i];
            flog("gpio set %u %u", h->off[i], (unsigned)d->values[i]);
        }
        return 0;
    default:
        return -EINVAL;
    }
}

static int event_ioctl(struct gevent *e, unsigned int req, void *arg)
{
    if (!arg)
        return -EFAULT;
    if (req == GPIOHANDLE_GET_LINE_VALUES_IOCTL) {
        struct gpiohandle_data *d = arg;
        memset(d, 0, sizeof *d);
        d->values[0] = (uint8_t)e->level;
        return 0;
    }
    return -EINVAL;
}

static int gpio_open(int flags)
{
    int fd = eventfd(0, ((flags & O_CLOEXEC) ? EFD_CLOEXEC : 0) |
                            ((flags & O_NONBLOCK) ? EFD_NONBLOCK : 0));
    if (fd < 0)
        return -1;
    if (fd >= MAX_FD) {
        real_close(fd);
        errno = EMFILE;
        return -1;
    }
    pthread_mutex_lock(&g_lock);
    g_ensure_lines();
    if (!g_lines) {
        pthread_mutex_unlock(&g_lock);
        real_close(fd);
        errno = ENOMEM;
        return -1;
    }
    set_fd(fd, K_CHIP, NULL);
    pthread_mutex_unlock(&g_lock);
    return fd;
}

/* ------------------------------------------------------------------------------------------ */
/* Interposers (called from the Rust exports in lib.rs)                                         */
/* ------------------------------------------------------------------------------------------ */

/* Returns K_VIDEO / K_CHIP if `path` (relative to dirfd) names a fake device, else K_NONE. */
static int fake_path(int dirfd, const char *path)
{
    if (!path)
        return K_NONE;
    if (path[0] != '/' && dirfd != AT_FDCWD)
        return K_NONE;
    ensure_init();
    if (!strcmp(path, cfg.video_path))
        return K_VIDEO;
    if (!strcmp(path, cfg.gpio_path))
        return K_CHIP;
    return K_NONE;
}

static int fake_open(int kind, int flags)
{
    return kind == K_VIDEO ? video_open(flags) : gpio_open(flags);
}

int cbrd_fake_open(const char *path, int flags, unsigned int mode)
{
    int k = fake_path(AT_FDCWD, path);
    if (k)
        return fake_open(k, flags);
    REAL_OR_FAIL(f, open_fn, open, -1);
    return f(path, flags, mode);
}

int cbrd_fake_open64(const char *path, int flags, unsigned int mode)
{
    int k = fake_path(AT_FDCWD, path);
    if (k)
        return fake_open(k, flags);
    REAL_OR_FAIL(f, open_fn, open64, -1);
    return f(path, flags, mode);
}

int cbrd_fake_openat(int dirfd, const char *path, int flags, unsigned int mode)
{
    int k = fake_path(dirfd, path);
    if (k)
        return fake_open(k, flags);
    REAL_OR_FAIL(f, openat_fn, openat, -1);
    return f(dirfd, path, flags, mode);
}

int cbrd_fake_openat64(int dirfd, const char *path, int flags, unsigned int mode)
{
    int k = fake_path(dirfd, path);
    if (k)
        return fake_open(k, flags);
    REAL_OR_FAIL(f, openat_fn, openat64, -1);
    return f(dirfd, path, flags, mode);
}

int cbrd_fake_open_2(const char *path, int flags)
{
    int k = fake_path(AT_FDCWD, path);
    if (k)
        return fake_open(k, flags);
    REAL_OR_FAIL(f, open2_fn, __open_2, -1);
    return f(path, flags);
}

int cbrd_fake_open64_2(const char *path, int flags)
{
    int k = fake_path(AT_FDCWD, path);
    if (k)
        return fake_open(k, flags);
    REAL_OR_FAIL(f, open2_fn, __open64_2, -1);
    return f(path, flags);
}

int cbrd_fake_openat_2(int dirfd, const char *path, int flags)
{
    int k = fake_path(dirfd, path);
    if (k)
        return fake_open(k, flags);
    REAL_OR_FAIL(f, openat2_fn, __openat_2, -1);
    return f(dirfd, path, flags);
}

int cbrd_fake_openat64_2(int dirfd, const char *path, int flags)
{
    int k = fake_path(dirfd, path);
    if (k)
        return fake_open(k, flags);
    REAL_OR_FAIL(f, openat2_fn, __openat64_2, -1);
    return f(dirfd, path, flags);
}

int cbrd_fake_close(int fd)
{
    if (fd_kind(fd) == K_NONE)
        return real_close(fd);
    pthread_mutex_lock(&g_lock);
    int kind = fd_kind(fd);
    void *obj = g_obj[fd];
    set_fd(fd, K_NONE, NULL);
    switch (kind) {
    case K_VIDEO:
        video_close(obj);
        break;
    case K_HANDLE: {
        struct ghandle *h = obj;
        for (uint32_t i = 0; i < h->n; i++)
            line_release(h->off[i]);
        free(h);
        break;
    }
    case K_EVENT: {
        struct gevent *e = obj;
        line_release(e->off);
        e->closed = 1;
        pthread_cond_broadcast(&g_cond);
        ev_unref(e);
        break;
    }
    default:
        break;
    }
    pthread_mutex_unlock(&g_lock);
    /* the fd number stays taken until here, so it cannot be reused while the table is updated */
    return real_close(fd);
}

/* ioctl on a fake fd, with g_lock taken here; -1/errno on failure. */
static int fake_ioctl(int fd, unsigned int req, void *arg)
{
    pthread_mutex_lock(&g_lock);
    int kind = fd_kind(fd);
    void *obj = g_obj[fd];
    int rc;
    switch (kind) {
    case K_VIDEO: rc = video_ioctl(obj, req, arg); break;
    case K_CHIP: rc = chip_ioctl(req, arg); break;
    case K_HANDLE: rc = handle_ioctl(obj, req, arg); break;
    case K_EVENT: rc = event_ioctl(obj, req, arg); break;
    default: rc = -EBADF; break; /* closed meanwhile */
    }
    pthread_mutex_unlock(&g_lock);
    if (rc < 0) {
        errno = -rc;
        return -1;
    }
    return rc;
}

/* Generic ioctls that any fd supports are left to the kernel (they act on the real fd). */
static int generic_ioctl(unsigned int req)
{
    return req == FIONBIO || req == FIOASYNC || req == FIOCLEX || req == FIONCLEX ||
           req == FIONREAD;
}

int cbrd_fake_ioctl(int fd, unsigned long request, void *arg)
{
    if (fd_kind(fd) != K_NONE && !generic_ioctl((unsigned int)request))
        return fake_ioctl(fd, (unsigned int)request, arg);
    REAL_OR_FAIL(f, ioctl_fn, ioctl, -1);
    return f(fd, request, arg);
}

long cbrd_fake_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
    /* 32-bit arguments passed through `...` may carry garbage in the upper register half:
       truncate before use, as the kernel does. */
    if (n == SYS_ioctl && fd_kind((int)a1) != K_NONE && !generic_ioctl((unsigned int)a2))
        return fake_ioctl((int)a1, (unsigned int)a2, (void *)a3);
    if (n == SYS_close && fd_kind((int)a1) != K_NONE)
        return cbrd_fake_close((int)a1);
    REAL_OR_FAIL(f, syscall_fn, syscall, -1);
    return f(n, a1, a2, a3, a4, a5, a6);
}

static void *fake_mmap(void *addr, size_t len, int prot, int flags, int fd, off64_t off)
{
    pthread_mutex_lock(&g_lock);
    struct vfd *v = fd_kind(fd) == K_VIDEO ? g_obj[fd] : NULL;
    void *p = MAP_FAILED;
    int err = EINVAL;
    if (!v) {
        err = EBADF;
    } else if (v->dead) {
        err = ENODEV;
    } else {
        for (unsigned i = 0; i < v->nbufs; i++)
            if ((uint64_t)off == (uint64_t)i * v->stride && len > 0 && len <= v->stride) {
                p = real_mmap(addr, len, prot, flags, v->memfd, (off_t)off);
                err = errno;
                break;
            }
    }
    pthread_mutex_unlock(&g_lock);
    if (p == MAP_FAILED)
        errno = err;
    return p;
}

void *cbrd_fake_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    if (fd_kind(fd) == K_VIDEO)
        return fake_mmap(addr, len, prot, flags, fd, off);
    return real_mmap(addr, len, prot, flags, fd, off);
}

void *cbrd_fake_mmap64(void *addr, size_t len, int prot, int flags, int fd, off64_t off)
{
    if (fd_kind(fd) == K_VIDEO)
        return fake_mmap(addr, len, prot, flags, fd, off);
    REAL_OR_FAIL(f, mmap64_fn, mmap64, MAP_FAILED);
    return f(addr, len, prot, flags, fd, off);
}

/* poll() with the revents of fake video fds computed from the fake's state (POLLIN when a
   filled buffer is ready, POLLERR when not streaming / in error, POLLERR|POLLHUP after an
   unplug). The sockets' readability makes the real poll() wake up at the right times. */
int cbrd_fake_poll(struct pollfd *fds, nfds_t n, int timeout)
{
    int any = 0;
    for (nfds_t i = 0; i < n && !any; i++)
        any = fd_kind(fds[i].fd) == K_VIDEO;
    if (!any)
        return real_poll(fds, n, timeout);
    uint64_t deadline = timeout > 0 ? now_ns() + (uint64_t)timeout * 1000000ull : 0;
    int wait = timeout;
    for (;;) {
        int r = real_poll(fds, n, wait);
        if (r < 0)
            return r;
        int count = 0;
        pthread_mutex_lock(&g_lock);
        for (nfds_t i = 0; i < n; i++) {
            if (fd_kind(fds[i].fd) == K_VIDEO && g_obj[fds[i].fd])
                fds[i].revents = v_revents(g_obj[fds[i].fd], fds[i].events);
            count += fds[i].revents != 0;
        }
        pthread_mutex_unlock(&g_lock);
        if (count > 0 || timeout == 0)
            return count;
        if (r > 0) { /* woken by a state that is not reported for these events: back off */
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
        }
        if (timeout > 0) {
            uint64_t now = now_ns();
            if (now >= deadline)
                return 0;
            wait = (int)((deadline - now + 999999) / 1000000);
        }
    }
}

int cbrd_fake_poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t fdslen)
{
    int any = 0;
    for (nfds_t i = 0; i < n && i < fdslen / sizeof *fds && !any; i++)
        any = fd_kind(fds[i].fd) == K_VIDEO;
    if (!any) {
        REAL_OR_FAIL(f, pollchk_fn, __poll_chk, -1);
        return f(fds, n, timeout, fdslen);
    }
    if (fdslen / sizeof *fds < n)
        abort(); /* what __poll_chk does (via __chk_fail) */
    return cbrd_fake_poll(fds, n, timeout);
}

/* read() on a video fd fails as on a real capture device without V4L2_CAP_READWRITE (and on a
   GPIO line handle, which has no read either), instead of reading the internal signal byte. */
ssize_t cbrd_fake_read(int fd, void *buf, size_t n)
{
    int k = fd_kind(fd);
    if (k == K_VIDEO || k == K_HANDLE) {
        errno = EINVAL;
        return -1;
    }
    REAL_OR_FAIL(f, read_fn, read, -1);
    return f(fd, buf, n);
}

ssize_t cbrd_fake_read_chk(int fd, void *buf, size_t n, size_t buflen)
{
    int k = fd_kind(fd);
    if (k == K_VIDEO || k == K_HANDLE) {
        errno = EINVAL;
        return -1;
    }
    REAL_OR_FAIL(f, readchk_fn, __read_chk, -1);
    return f(fd, buf, n, buflen);
}
