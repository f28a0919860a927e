/*
 * The image's entry point, /opt/nanoedge/nanoedge <command> [args]: the same as `java -jar nanoedge.jar <command>`,
 * plus the class-data archive of nanoedge's own classes (Vert.x, Netty, Hazelcast, Californium...).
 *
 * Why: six nodes of a stack start at once, and on a small server or a Pi much of a node's start is loading,
 * parsing and verifying those classes; mapping them pre-parsed from an archive takes 38 % off a joining node's CPU
 * (docker/README.md, bench/image-startup.sh). The archive is 54 MB, which would take the image over its budget,
 * so the image ships it zstd-compressed (12 MB) and this program unpacks it once per container into
 * NANOEDGE_CDS_DIR (default /tmp, the container's own writable layer), then replaces itself with the JVM.
 * Unpacking costs about 0.1 s of CPU; a second process in the same container (`docker exec ... nanoedge shell`)
 * finds the archive there and uses it as it is.
 *
 * NANOEDGE_CDS and NANOEDGE_CDS_DIR are this program's, removed from the environment before the JVM starts.
 * NANOEDGE_CDS is on (default) or off; anything else is refused (exit 2, as the node does for a bad key).
 * Never in the way: with NANOEDGE_CDS=off, or when the archive cannot be unpacked (read-only file system, disk
 * full), it says so in one line and starts the JVM without it; a JVM that finds the archive does not fit (other
 * runtime, other jar, other heap mode) prints a warning and loads the classes the usual way (-Xshare:auto).
 * Static (gcc -static, libzstd.a): the image has no shell and no shared zstd library.
 */
#define _GNU_SOURCE /* mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#define JAVA "/opt/jre/bin/java"
#define JAR "/opt/nanoedge/nanoedge.jar"
#define PACKED "/opt/nanoedge/nanoedge.jsa.zst"
#define NAME "nanoedge.jsa"

/* Unpacks PACKED into dir/NAME (through a temporary file renamed into place, so a concurrent start never maps a
 * half-written archive). Returns 0, or -1 with a reason in why. */
static int unpack(const char *dir, char *target, size_t target_len, char *why, size_t why_len) {
  if (snprintf(target, target_len, "%s/%s", dir, NAME) >= (int) target_len) {
    snprintf(why, why_len, "NANOEDGE_CDS_DIR is too long");
    return -1;
  }
  int in = open(PACKED, O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    snprintf(why, why_len, "%s: %s", PACKED, strerror(errno));
    return -1;
  }
  /* The size the archive will have, from the frame header (zstd writes it for a file): an archive of that size
   * already there, owned by this user, was unpacked by an earlier start in this container. */
  unsigned char header[18]; /* a zstd frame header is at most 18 bytes */
  ssize_t head = pread(in, header, sizeof header, 0);
  unsigned long long expected = head > 0 ? ZSTD_getFrameContentSize(header, (size_t) head) : ZSTD_CONTENTSIZE_ERROR;
  struct stat st;
  if (expected != ZSTD_CONTENTSIZE_ERROR && expected != ZSTD_CONTENTSIZE_UNKNOWN && lstat(target, &st) == 0
      && S_ISREG(st.st_mode) && st.st_uid == geteuid() && (unsigned long long) st.st_size == expected) {
    close(in);
    return 0;
  }
  char temp[4096 + 16];
  snprintf(temp, sizeof temp, "%s.XXXXXX", target);
  int out = mkostemp(temp, O_CLOEXEC);
  if (out < 0) {
    snprintf(why, why_len, "%s: %s", dir, strerror(errno));
    close(in);
    return -1;
  }
  size_t in_size = ZSTD_DStreamInSize(), out_size = ZSTD_DStreamOutSize();
  void *in_buf = malloc(in_size), *out_buf = malloc(out_size);
  ZSTD_DCtx *ctx = ZSTD_createDCtx();
  int rc = 0;
  if (!in_buf || !out_buf || !ctx) {
    snprintf(why, why_len, "out of memory");
    rc = -1;
  }
  ssize_t n = 0;
  size_t last = 1; /* what ZSTD_decompressStream returned last: 0 once the frame is whole (an empty file is not) */
  while (rc == 0 && (n = read(in, in_buf, in_size)) > 0) {
    ZSTD_inBuffer src = {in_buf, (size_t) n, 0};
    while (src.pos < src.size) {
      ZSTD_outBuffer dst = {out_buf, out_size, 0};
      last = ZSTD_decompressStream(ctx, &dst, &src);
      if (ZSTD_isError(last)) {
        snprintf(why, why_len, "%s: %s", PACKED, ZSTD_getErrorName(last));
        rc = -1;
        break;
      }
      errno = 0;
      if (write(out, out_buf, dst.pos) != (ssize_t) dst.pos) {
        snprintf(why, why_len, "%s: %s", temp, errno ? strerror(errno) : "short write");
        rc = -1;
        break;
      }
    }
  }
  if (rc == 0 && (n < 0 || last != 0)) {
    snprintf(why, why_len, "%s: %s", PACKED, n < 0 ? strerror(errno) : "truncated");
    rc = -1;
  }
  if (close(out) != 0 && rc == 0) {
    snprintf(why, why_len, "%s: %s", temp, strerror(errno));
    rc = -1;
  }
  if (rc == 0 && rename(temp, target) != 0) {
    snprintf(why, why_len, "%s: %s", target, strerror(errno));
    rc = -1;
  }
  if (rc != 0) {
    unlink(temp);
  }
  close(in);
  ZSTD_freeDCtx(ctx);
  free(in_buf);
  free(out_buf);
  return rc;
}

int main(int argc, char **argv) {
  /* java, the archive option, -jar, the jar, the arguments, NULL */
  char **args = calloc((size_t) argc + 4, sizeof *args);
  if (!args) {
    return 127;
  }
  char option[4200];
  int i = 0;
  args[i++] = JAVA;
  const char *cds = getenv("NANOEDGE_CDS");
  if (cds && *cds && strcmp(cds, "on") != 0 && strcmp(cds, "off") != 0) {
    fprintf(stderr, "nanoedge: NANOEDGE_CDS must be on or off, not '%s'\n", cds);
    return 2; /* the node's exit code for a configuration error */
  }
  if (!cds || strcmp(cds, "off") != 0) {
    const char *dir = getenv("NANOEDGE_CDS_DIR");
    char target[4096], why[4400];
    if (unpack(dir && *dir ? dir : "/tmp", target, sizeof target, why, sizeof why) == 0) {
      snprintf(option, sizeof option, "-XX:SharedArchiveFile=%s", target);
      args[i++] = option;
    } else {
      fprintf(stderr, "nanoedge: starting without the class-data archive (%s)\n", why);
    }
  }
  /* The launcher's own variables: the node rejects NANOEDGE_* variables that name none of its keys. */
  unsetenv("NANOEDGE_CDS");
  unsetenv("NANOEDGE_CDS_DIR");
  args[i++] = "-jar";
  args[i++] = JAR;
  for (int a = 1; a < argc; a++) {
    args[i++] = argv[a];
  }
  args[i] = NULL;
  execv(JAVA, args);
  fprintf(stderr, "nanoedge: cannot start %s: %s\n", JAVA, strerror(errno));
  return 127;
}
