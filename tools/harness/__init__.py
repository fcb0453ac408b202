"""Test harness for keybridge: keysim processes and a python-fido2 UDP link."""
