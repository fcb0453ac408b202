/* SELECT of the YKOATH applet (AID A0 00 00 05 27 21 01) through PC/SC in
 * the reader named by KEYSIM_READER; prints the applet's version (tag 0x79). */
#include <PCSC/winscard.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  const char* reader = getenv("KEYSIM_READER");
  if (!reader) {
    fprintf(stderr, "KEYSIM_READER is not set\n");
    return 1;
  }
  SCARDCONTEXT context;
  SCARDHANDLE card;
  DWORD protocol;
  LONG rc = SCardEstablishContext(SCARD_SCOPE_USER, NULL, NULL, &context);
  if (rc == SCARD_S_SUCCESS) {
    rc = SCardConnect(context, reader, SCARD_SHARE_SHARED,
                      SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
  }
  if (rc != SCARD_S_SUCCESS) {
    fprintf(stderr, "%s: %s\n", reader, pcsc_stringify_error(rc));
    return 1;
  }
  const BYTE select[] = {0x00, 0xA4, 0x04, 0x00, 0x07, 0xA0,
                         0x00, 0x00, 0x05, 0x27, 0x21, 0x01};
  BYTE reply[258];
  DWORD length = sizeof reply;
  const SCARD_IO_REQUEST* pci =
      protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
  rc = SCardTransmit(card, pci, select, sizeof select, NULL, reply, &length);
  if (rc != SCARD_S_SUCCESS || length < 5 || reply[length - 2] != 0x90 ||
      reply[0] != 0x79 || reply[1] != 3) {
    fprintf(stderr, "SELECT failed\n");
    return 1;
  }
  printf("YKOATH version %d.%d.%d\n", reply[2], reply[3], reply[4]);
  SCardDisconnect(card, SCARD_LEAVE_CARD);
  SCardReleaseContext(context);
  return 0;
}
