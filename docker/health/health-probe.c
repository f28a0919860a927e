/*
 * The image's health check: GET /health/ready on the node's own ops port (NANOEDGE_OPS_PORT, default 9090) over
 * loopback; exit 0 on HTTP 200, 1 otherwise (not answering within 4 s included). Docker runs it every 15 s in the
 * container, inside the task's memory limit: a JVM there (`java -jar nanoedge.jar health`) cost ~0.5 s of CPU and
 * tens of MB each time, enough to push the API task over its 200 MiB limit (the kernel killed it mid-test). This is
 * a static binary of a few hundred KB that needs nothing else in the image (no shell, no curl, no libc lookups).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  const char *env = getenv("NANOEDGE_OPS_PORT");
  long port = env && *env ? strtol(env, NULL, 10) : 9090;
  if (port < 1 || port > 65535) {
    fprintf(stderr, "health: NANOEDGE_OPS_PORT must be a port 1-65535, got '%s'\n", env);
    return 1;
  }
  alarm(4); /* the whole check, connect to last byte; SIGALRM ends the process (status not 0) */
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short) port)};
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, (struct sockaddr *) &to, sizeof to) != 0) {
    fprintf(stderr, "health: nothing answers on 127.0.0.1:%ld\n", port);
    return 1;
  }
  static const char request[] = "GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n";
  if (write(fd, request, sizeof request - 1) != (ssize_t) (sizeof request - 1)) {
    return 1;
  }
  char status[64] = {0};
  size_t have = 0;
  ssize_t n;
  while (have < sizeof status - 1 && (n = read(fd, status + have, sizeof status - 1 - have)) > 0) {
    have += (size_t) n;
    if (memchr(status, '\n', have)) {
      break;
    }
  }
  close(fd);
  /* "HTTP/1.x 200 ..." */
  if (have >= 12 && strncmp(status, "HTTP/1.", 7) == 0 && strncmp(status + 8, " 200", 4) == 0) {
    return 0;
  }
  char *eol = strpbrk(status, "\r\n");
  if (eol) {
    *eol = 0;
  }
  fprintf(stderr, "health: not ready (%s)\n", have ? status : "no answer");
  return 1;
}
