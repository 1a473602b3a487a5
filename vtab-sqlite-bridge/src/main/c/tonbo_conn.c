/*
 * The socket connection to the sidecar: a private socket directory (0700, owned by us), the
 * sidecar's peer credentials checked, spawn-if-absent under a lock file, send/receive with
 * timeouts and EINTR handling (never SIGPIPE), and the version handshake. See tonbo_wire.h.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tonbo_wire.h"
#include "tonbo_proto.h"

SQLITE_EXTENSION_INIT3

extern char **environ;

static long env_long(const char *name, long dflt) {
    const char *v = getenv(name);
    if (!v || !*v) return dflt;
    char *end;
    long n = strtol(v, &end, 10);
    return (*end || n < 0) ? dflt : n;
}

/*
 * The numeric settings of the environment: a value that is not a whole number at least the
 * variable's minimum is an error naming the variable, never a silent fallback to the default
 * (a reply timeout of 0 would mean waiting forever).
 */
static int check_env(char **err) {
    static const struct { const char *name; long min; } vars[] = {
        { "TONBO_TIMEOUT_MS", 1 }, { "TONBO_SIDECAR_IDLE", 0 }, { "TONBO_SPAWN_TIMEOUT_MS", 1 }, { "TONBO_SPIN_US", 0 },
    };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i].name);
        if (!v || !*v) continue;
        char *end;
        errno = 0;
        long n = strtol(v, &end, 10);
        if (*end || n < vars[i].min || errno == ERANGE) {
            *err = sqlite3_mprintf("tonbo: environment variable %s='%s' is not a whole number >= %ld", vars[i].name, v,
                                   vars[i].min);
            return SQLITE_ERROR;
        }
    }
    return SQLITE_OK;
}

char *tb_default_socket(void) {
    const char *dir = getenv("TONBO_SOCKET_DIR");
    if (dir && *dir) return sqlite3_mprintf("%s/sidecar.sock", dir);
    return sqlite3_mprintf("/tmp/tonbo-sqlite-%d/sidecar.sock", (int)getuid());
}

/* the directory part of path, sqlite3_malloc'ed */
static char *dirname_of(const char *path) {
    const char *slash = strrchr(path, '/');
    if (!slash) return sqlite3_mprintf(".");
    return sqlite3_mprintf("%.*s", (int)(slash - path), path);
}

/* creates the socket directory (0700) or checks that it is ours and private */
static int private_dir(const char *dir, char **err) {
    struct stat st;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        *err = sqlite3_mprintf("tonbo: cannot create socket directory %s: %s", dir, strerror(errno));
        return SQLITE_ERROR;
    }
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        *err = sqlite3_mprintf("tonbo: socket directory %s is not a directory", dir);
        return SQLITE_ERROR;
    }
    if (st.st_uid != getuid() || (st.st_mode & 077) != 0) {
        *err = sqlite3_mprintf("tonbo: socket directory %s must be owned by uid %d with mode 0700 (it is uid %d, mode %o)",
                               dir, (int)getuid(), (int)st.st_uid, (unsigned)(st.st_mode & 0777));
        return SQLITE_ERROR;
    }
    return SQLITE_OK;
}

static void set_timeouts(int fd) {
    long ms = env_long("TONBO_TIMEOUT_MS", 120000);
    struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* one connect attempt: 0 on success, else errno */
static int try_connect(const char *path, int *out) {
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) return ENAMETOOLONG;
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return errno;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        int e = errno;
        close(fd);
        return e;
    }
    *out = fd;
    return 0;
}

/* the directory holding this shared library, to find the sidecar jar next to it */
static char *library_dir(void) {
    Dl_info info;
    if (dladdr((void *)&library_dir, &info) && info.dli_fname) return dirname_of(info.dli_fname);
    return NULL;
}

static char *sidecar_jar(void) {
    const char *jar = getenv("TONBO_SIDECAR_JAR");
    if (jar && *jar) return sqlite3_mprintf("%s", jar);
    char *dir = library_dir();
    char *p = sqlite3_mprintf("%s/tonbo-sqlite-sidecar.jar", dir ? dir : ".");
    sqlite3_free(dir);
    return p;
}

static char *java_path(void) {
    const char *j = getenv("TONBO_JAVA");
    if (j && *j) return sqlite3_mprintf("%s", j);
    const char *home = getenv("JAVA_HOME");
    if (home && *home) {
        char *p = sqlite3_mprintf("%s/bin/java", home);
        if (p && access(p, X_OK) == 0) return p;
        sqlite3_free(p);
    }
    return sqlite3_mprintf("java");
}

/* the last line of the sidecar's log, for an error message */
static char *log_tail(const char *log) {
    FILE *f = fopen(log, "r");
    if (!f) return sqlite3_mprintf("(no log)");
    char line[512], last[512] = "(empty log)";
    while (fgets(line, sizeof line, f)) {
        if (line[0] != '\n') memcpy(last, line, sizeof line);
    }
    fclose(f);
    last[strcspn(last, "\n")] = 0;
    return sqlite3_mprintf("%s", last);
}

/* starts `java [TONBO_JAVA_OPTS] -jar JAR --socket PATH --idle-seconds N` detached, output to a log */
static int spawn_sidecar(const char *socket_path, const char *dir, pid_t *pid, char **err) {
    char *java = java_path(), *jar = sidecar_jar();
    char *log = sqlite3_mprintf("%s/sidecar.log", dir);
    char *idle = sqlite3_mprintf("%ld", env_long("TONBO_SIDECAR_IDLE", 300));
    /* the parallel collector: large write transactions stay live across young collections */
    char *opts = sqlite3_mprintf("%s", getenv("TONBO_JAVA_OPTS") ? getenv("TONBO_JAVA_OPTS") : "-XX:+UseParallelGC");
    int rc = SQLITE_ERROR;
    if (!java || !jar || !log || !idle || !opts) {
        *err = sqlite3_mprintf("tonbo: out of memory");
        goto done;
    }
    if (access(jar, R_OK) != 0) {
        *err = sqlite3_mprintf("tonbo: no sidecar is running at %s and the sidecar jar %s cannot be read "
                               "(set TONBO_SIDECAR_JAR, see docs/sqlite.md)", socket_path, jar);
        goto done;
    }
    char *argv[64];
    int n = 0;
    argv[n++] = java;
    for (char *tok = strtok(opts, " \t"); tok && n < 50; tok = strtok(NULL, " \t")) argv[n++] = tok;
    argv[n++] = "-jar";
    argv[n++] = jar;
    argv[n++] = "--socket";
    argv[n++] = (char *)socket_path;
    argv[n++] = "--idle-seconds";
    argv[n++] = idle;
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
    posix_spawnattr_init(&attr);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    int e = posix_spawnp(pid, java, &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (e != 0) {
        *err = sqlite3_mprintf("tonbo: cannot start the sidecar with %s (set TONBO_JAVA): %s", java, strerror(e));
        goto done;
    }
    rc = SQLITE_OK;
done:
    sqlite3_free(java);
    sqlite3_free(jar);
    sqlite3_free(log);
    sqlite3_free(idle);
    sqlite3_free(opts);
    return rc;
}

static void sleep_ms(long ms) {
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* connects, spawning the sidecar under an exclusive lock if nobody listens */
static int connect_or_spawn(const char *path, int spawn, int *fd, char **err) {
    int e = try_connect(path, fd);
    if (e == 0) return SQLITE_OK;
    if (!spawn || (e != ENOENT && e != ECONNREFUSED)) {
        *err = sqlite3_mprintf("tonbo: cannot connect to the sidecar at %s: %s", path, strerror(e));
        return SQLITE_ERROR;
    }
    char *dir = dirname_of(path);
    char *lockp = sqlite3_mprintf("%s/spawn.lock", dir);
    char *log = sqlite3_mprintf("%s/sidecar.log", dir);
    int rc = SQLITE_ERROR, lock = -1;
    if (!dir || !lockp || !log) {
        *err = sqlite3_mprintf("tonbo: out of memory");
        goto done;
    }
    if ((rc = private_dir(dir, err)) != SQLITE_OK) goto done;
    rc = SQLITE_ERROR;
    lock = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0) {
        *err = sqlite3_mprintf("tonbo: cannot open %s: %s", lockp, strerror(errno));
        goto done;
    }
    long waited = 0, limit = env_long("TONBO_SPAWN_TIMEOUT_MS", 30000);
    while (flock(lock, LOCK_EX | LOCK_NB) != 0) {
        if (waited >= limit) {
            *err = sqlite3_mprintf("tonbo: timed out waiting for %s", lockp);
            goto done;
        }
        sleep_ms(20);
        waited += 20;
    }
    if (try_connect(path, fd) == 0) { /* someone else started it meanwhile */
        rc = SQLITE_OK;
        goto done;
    }
    pid_t pid;
    if (spawn_sidecar(path, dir, &pid, err) != SQLITE_OK) goto done;
    for (waited = 0; waited < limit; waited += 25) {
        if (try_connect(path, fd) == 0) {
            rc = SQLITE_OK;
            goto done;
        }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            char *tail = log_tail(log);
            *err = sqlite3_mprintf("tonbo: the sidecar exited at start (status %d); %s says: %s", 
                                   WIFEXITED(status) ? WEXITSTATUS(status) : -1, log, tail);
            sqlite3_free(tail);
            if (try_connect(path, fd) == 0) { /* lost a race to another sidecar: fine */
                sqlite3_free(*err);
                *err = NULL;
                rc = SQLITE_OK;
            }
            goto done;
        }
        sleep_ms(25);
    }
    /* a sidecar that never listens is of no use to anyone: stop it (its own session and process
       group, POSIX_SPAWN_SETSID) rather than leave it running */
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    for (int i = 0; i < 100 && waitpid(pid, NULL, WNOHANG) == 0; i++) sleep_ms(10);
    *err = sqlite3_mprintf("tonbo: the sidecar did not listen on %s within %ld ms and was stopped (see %s)", path, limit, log);
done:
    if (lock >= 0) close(lock); /* releases the flock */
    sqlite3_free(dir);
    sqlite3_free(lockp);
    sqlite3_free(log);
    return rc;
}

int tb_connect(tb_conn *c, const char *path, int spawn, char **err) {
    int fd = -1;
    c->fd = -1;
    c->pending = NULL;
    c->write_pending = 0;
    c->interrupted = 0;
    if (check_env(err) != SQLITE_OK) return SQLITE_ERROR;
    if (connect_or_spawn(path, spawn, &fd, err) != SQLITE_OK) return SQLITE_ERROR;
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != getuid()) {
        close(fd);
        *err = sqlite3_mprintf("tonbo: the process serving %s does not belong to uid %d; refusing it", path, (int)getuid());
        return SQLITE_ERROR;
    }
    set_timeouts(fd);
    c->fd = fd;
    tb_buf b = { 0 };
    tb_frame(&b, TB_HELLO);
    tb_i32(&b, TB_MAGIC);
    tb_u16(&b, TB_VERSION);
    int rc = tb_request(c, &b, err);
    tb_buf_free(&b);
    if (rc != SQLITE_OK) {
        tb_close(c);
        return rc;
    }
    tb_rd r = { c->in.p, 1, c->in.len, 0 };
    unsigned v = tb_rd_u16(&r);
    if (r.bad || v != TB_VERSION) {
        tb_close(c);
        *err = sqlite3_mprintf("tonbo: the sidecar at %s speaks protocol %u, this extension %d", path, v, TB_VERSION);
        return SQLITE_ERROR;
    }
    return SQLITE_OK;
}

void tb_close(tb_conn *c) {
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
    c->pending = NULL;
    c->write_pending = 0;
    tb_buf_free(&c->in);
}

static int lost(tb_conn *c, char **err, const char *what, int e) {
    tb_close(c);
    *err = sqlite3_mprintf("tonbo: lost the sidecar connection (%s: %s); uncommitted writes of this "
                           "transaction are gone, committed data is safe; retry the statement", what,
                           e ? strerror(e) : "closed by the sidecar");
    return SQLITE_IOERR;
}

int tb_send(tb_conn *c, tb_buf *b, char **err) {
    if (c->fd < 0) {
        *err = sqlite3_mprintf("tonbo: not connected to the sidecar");
        return SQLITE_IOERR;
    }
    if (b->oom) {
        *err = sqlite3_mprintf("tonbo: out of memory");
        return SQLITE_NOMEM;
    }
    tb_patch_i32(b, 0, (uint32_t)(b->len - 4));
    size_t off = 0;
    while (off < b->len) {
        ssize_t n = send(c->fd, b->p + off, b->len - off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                c->interrupted = 1;
                continue;
            }
            return lost(c, err, errno == EAGAIN || errno == EWOULDBLOCK ? "send timed out" : "send", errno);
        }
        off += (size_t)n;
    }
    return SQLITE_OK;
}

static int read_full(tb_conn *c, unsigned char *p, size_t n, char **err) {
    size_t off = 0;
    while (off < n) {
        ssize_t k = recv(c->fd, p + off, n - off, 0);
        if (k == 0) return lost(c, err, "receive", 0);
        if (k < 0) {
            if (errno == EINTR) {
                c->interrupted = 1;
                continue;
            }
            return lost(c, err, errno == EAGAIN || errno == EWOULDBLOCK ? "no reply within TONBO_TIMEOUT_MS" : "receive", errno);
        }
        off += (size_t)k;
    }
    return SQLITE_OK;
}

/*
 * A reply usually comes within microseconds, but waiting for it in the kernel costs a thread
 * wake-up, which takes tens of microseconds on virtual machines: a point lookup paid more for
 * that than for the lookup. So look for the reply without blocking for a short while first
 * ($TONBO_SPIN_US, default 50; 0 turns this off), then block as usual.
 */
static long spin_ns(void) {
    static long ns = -1;
    if (ns < 0) {
        const char *e = getenv("TONBO_SPIN_US");
        long us = e && *e ? atol(e) : 50;
        ns = (us < 0 ? 0 : us > 10000 ? 10000 : us) * 1000L;
    }
    return ns;
}

static void spin_for_reply(tb_conn *c) {
    long limit = spin_ns();
    if (limit == 0) return;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned char b;
    for (;;) {
        ssize_t k = recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
        if (k != -1 || (errno != EAGAIN && errno != EWOULDBLOCK)) return; /* data, end or error: read_full sees it */
        clock_gettime(CLOCK_MONOTONIC, &t);
        if ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) > limit) return;
    }
}

int tb_recv(tb_conn *c, char **err) {
    unsigned char h[4];
    if (c->fd < 0) {
        *err = sqlite3_mprintf("tonbo: not connected to the sidecar");
        return SQLITE_IOERR;
    }
    spin_for_reply(c);
    int rc = read_full(c, h, 4, err);
    if (rc != SQLITE_OK) return rc;
    uint32_t n = (uint32_t)h[0] | ((uint32_t)h[1] << 8) | ((uint32_t)h[2] << 16) | ((uint32_t)h[3] << 24);
    if (n < 1 || n > TB_MAX_FRAME) {
        tb_close(c);
        *err = sqlite3_mprintf("tonbo: malformed reply from the sidecar (frame length %u)", n);
        return SQLITE_PROTOCOL;
    }
    tb_buf_reset(&c->in);
    if (c->in.cap < n) {
        unsigned char *p = realloc(c->in.p, n);
        if (!p) {
            tb_close(c);
            *err = sqlite3_mprintf("tonbo: out of memory");
            return SQLITE_NOMEM;
        }
        c->in.p = p;
        c->in.cap = n;
    }
    if ((rc = read_full(c, c->in.p, n, err)) != SQLITE_OK) return rc;
    c->in.len = n;
    if (c->in.p[0] == TB_ERR) {
        tb_rd r = { c->in.p, 1, n, 0 };
        int code = (int)tb_rd_i32(&r);
        uint32_t len;
        const unsigned char *msg = tb_rd_bytes(&r, &len);
        if (r.bad) {
            tb_close(c);
            *err = sqlite3_mprintf("tonbo: malformed error reply from the sidecar");
            return SQLITE_PROTOCOL;
        }
        *err = sqlite3_mprintf("%.*s", (int)len, msg);
        return code ? code : SQLITE_ERROR;
    }
    if (c->in.p[0] != TB_OK && c->in.p[0] != TB_ROWS) {
        tb_close(c);
        *err = sqlite3_mprintf("tonbo: malformed reply from the sidecar (status %u)", c->in.p[0]);
        return SQLITE_PROTOCOL;
    }
    return SQLITE_OK;
}

int tb_request(tb_conn *c, tb_buf *b, char **err) {
    int rc = tb_send(c, b, err);
    return rc == SQLITE_OK ? tb_recv(c, err) : rc;
}
