/* CTAPHID INIT and PING (CTAP 2.1 §11.2.9.1.3 and .1) against the keysim
 * named by KEYSIM_URI=udp:HOST:PORT, one 64-byte report per datagram. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

enum { kReport = 64, kInit = 0x86, kPing = 0x81 };

static int Exchange(int fd, const unsigned char* out, unsigned char* in) {
  if (send(fd, out, kReport, 0) != kReport) return -1;
  return recv(fd, in, kReport, 0) == kReport ? 0 : -1;
}

int main(void) {
  const char* uri = getenv("KEYSIM_URI");
  char host[64];
  int port;
  if (!uri || sscanf(uri, "udp:%63[^:]:%d", host, &port) != 2) {
    fprintf(stderr, "KEYSIM_URI is not udp:HOST:PORT\n");
    return 1;
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  struct timeval timeout = {.tv_sec = 5};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 ||
      connect(fd, (struct sockaddr*)&addr, sizeof addr) != 0) {
    perror("connect");
    return 1;
  }
  unsigned char out[kReport] = {0xFF, 0xFF, 0xFF, 0xFF, kInit, 0,   8,  'k',
                                'e',  'y',  's',  'i',  'm',   '!', '?'};
  unsigned char in[kReport];
  if (Exchange(fd, out, in) != 0 || in[4] != kInit ||
      memcmp(in + 7, out + 7, 8) != 0) {
    fprintf(stderr, "INIT: no answer with our nonce\n");
    return 1;
  }
  unsigned char cid[4];
  memcpy(cid, in + 15, 4); /* the channel the key allocated */
  memset(out, 0, sizeof out);
  memcpy(out, cid, 4);
  out[4] = kPing;
  out[6] = 5;
  memcpy(out + 7, "hello", 5);
  if (Exchange(fd, out, in) != 0 || memcmp(in, out, 12) != 0) {
    fprintf(stderr, "PING: the echo differs\n");
    return 1;
  }
  printf("CTAPHID channel %02x%02x%02x%02x answers PING\n", cid[0], cid[1],
         cid[2], cid[3]);
  close(fd);
  return 0;
}
