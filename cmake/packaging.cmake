# Install layout and Debian packages (docs/install.md).
#
# Included from the top-level CMakeLists.txt before the subdirectories, so
# their install(TARGETS ...) rules see GNUInstallDirs. Two install
# components, one .deb each (CPack DEB, component install):
#   keybridge  the CLI (bridge/CMakeLists.txt)
#   keysim     the simulator (simulator/CMakeLists.txt), its udev rule and
#              the Python test harness (below)
# Man pages and shell completions install into the same two components.
# tools/package.sh builds the packages; tests/integration/packaging checks
# them.
#
# Not installed: tools/aws_emulator. It is a test double of AWS STS/IAM for
# this project's tests and tools/demo.sh (docs/install.md "What is not
# packaged").

include(GNUInstallDirs)

# Where Debian's /usr/bin/python3 finds modules (sys.path has
# /usr/lib/python3/dist-packages); relative to the prefix, /usr in the
# packages (CPACK_PACKAGING_INSTALL_PREFIX).
set(KEYBRIDGE_PYTHON_DIR "lib/python3/dist-packages"
    CACHE STRING "Python module folder, relative to the install prefix")
set(KEYBRIDGE_UDEV_RULES_DIR "lib/udev/rules.d"
    CACHE STRING "udev rules folder, relative to the install prefix")

# tools/harness as the module keysim_harness (the repository imports it as
# tools.harness), with a .dist-info whose entry_points.txt registers its
# pytest plugin (pytest11 `keysim`), as pip would (packaging spec "Recording
# installed projects"; METADATA needs only Name and Version).
install(FILES
    tools/harness/__init__.py
    tools/harness/keysim.py
    tools/harness/oath.py
    tools/harness/pcscd.py
    tools/harness/pytest_plugin.py
    tools/harness/raw_hid.py
    tools/harness/run.py
    tools/harness/udp_hid.py
  DESTINATION ${KEYBRIDGE_PYTHON_DIR}/keysim_harness
  COMPONENT keysim)
set(dist_info ${CMAKE_BINARY_DIR}/packaging/keysim_harness-${PROJECT_VERSION}.dist-info)
file(WRITE ${dist_info}/METADATA
  "Metadata-Version: 2.1\nName: keysim_harness\nVersion: ${PROJECT_VERSION}\n"
  "Summary: pytest fixtures and a test runner for the keysim security key\n")
file(WRITE ${dist_info}/entry_points.txt
  "[pytest11]\nkeysim = keysim_harness.pytest_plugin\n")
file(WRITE ${dist_info}/top_level.txt "keysim_harness\n")
install(DIRECTORY ${dist_info} DESTINATION ${KEYBRIDGE_PYTHON_DIR}
  COMPONENT keysim)

# find_package(keysim) and keysim_add_test() (cmake/keysim/keysimConfig.cmake).
include(CMakePackageConfigHelpers)
write_basic_package_version_file(
  ${CMAKE_BINARY_DIR}/packaging/keysimConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
install(FILES cmake/keysim/keysimConfig.cmake
    ${CMAKE_BINARY_DIR}/packaging/keysimConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_DATADIR}/keysim/cmake
  COMPONENT keysim)

# /dev/uhid for the logged-in user (packaging/udev/70-keysim-uhid.rules).
install(FILES packaging/udev/70-keysim-uhid.rules
  DESTINATION ${KEYBRIDGE_UDEV_RULES_DIR}
  COMPONENT keysim)

# /usr/share/doc/<package>/changelog.Debian.gz, which Debian policy 12.7
# asks of every binary package (lintian: no-changelog): one entry for this
# version. The date honours SOURCE_DATE_EPOCH (string(TIMESTAMP)).
set(KEYBRIDGE_PACKAGE_MAINTAINER
    "Seed e8b19214 maintainers <maintainers@users.noreply.r-seed-e8b19214.example>"
    CACHE STRING "Maintainer field of the .deb packages")
string(TIMESTAMP changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(package IN ITEMS keybridge keysim)
  set(changelog ${CMAKE_BINARY_DIR}/packaging/${package}/changelog.Debian)
  file(WRITE ${changelog}
    "${package} (${PROJECT_VERSION}-1) unstable; urgency=medium\n\n"
    "  * Built from the keybridge sources by CPack (cmake/packaging.cmake).\n\n"
    " -- ${KEYBRIDGE_PACKAGE_MAINTAINER}  ${changelog_date}\n")
  execute_process(COMMAND gzip -9nf ${changelog} COMMAND_ERROR_IS_FATAL ANY)
  install(FILES ${changelog}.gz
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package}
    COMPONENT ${package})
endforeach()

# CPack: https://cmake.org/cmake/help/v3.25/cpack_gen/deb.html
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME keybridge)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "keybridge")
set(KEYBRIDGE_PACKAGE_HOMEPAGE ""
    CACHE STRING "Homepage field of the .deb packages (none when empty)")
set(CPACK_PACKAGE_CONTACT "${KEYBRIDGE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${KEYBRIDGE_PACKAGE_MAINTAINER}")
if(KEYBRIDGE_PACKAGE_HOMEPAGE)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${KEYBRIDGE_PACKAGE_HOMEPAGE}")
endif()

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL keybridge keysim)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # NAME_VERSION-RELEASE_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # dpkg-shlibdeps computes Depends
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# RelWithDebInfo binaries carry their debug info; the packages do not.
set(CPACK_STRIP_FILES ON)
# No maintainer scripts: udev picks up new rules by itself and the ACL is
# applied at the next login or `udevadm trigger` (docs/install.md "udev").

set(CPACK_DEBIAN_KEYBRIDGE_PACKAGE_NAME keybridge)
set(CPACK_DEBIAN_KEYBRIDGE_PACKAGE_SECTION utils)
# dlopen()ed (bridge/shared_library.h), so invisible to dpkg-shlibdeps,
# which appends what it finds to these Depends: libhidapi-hidraw.so.0 and
# libpcsclite.so.1 for finding and opening keys (bridge/src/link),
# libfido2.so.1 for FIDO2 (bridge/fido2/libfido2.h), libcrypto.so.3 for
# OATH access codes (bridge/src/oath/ccid_access.cc) and libcbor.so.0.8 for
# `keybridge trace` (bridge/src/trace/libcbor.h) are Depends;
# libpng16.so.16 and libzbar.so.0 for --qr (bridge/src/oath/qr_image.cc)
# and libcurl.so.4 for `aws login` (bridge/src/aws/federation.cc) are
# Recommends. pcscd for YubiKeys over PC/SC, the AWS CLI for
# `keybridge aws`.
set(CPACK_DEBIAN_KEYBRIDGE_PACKAGE_DEPENDS
    "libhidapi-hidraw0, libpcsclite1, libfido2-1, libssl3, libcbor0.8")
set(CPACK_DEBIAN_KEYBRIDGE_PACKAGE_RECOMMENDS
    "libpng16-16, libzbar0, libcurl4")
set(CPACK_DEBIAN_KEYBRIDGE_PACKAGE_SUGGESTS "pcscd, awscli")
set(CPACK_DEBIAN_KEYBRIDGE_DESCRIPTION
"one-time codes from a security key, for the shell and AWS MFA
keybridge keeps TOTP/HOTP seeds inside a FIDO2 security key (Nitrokey 3
over USB HID, YubiKey over PC/SC) and asks the key for one-time codes,
so a seed never sits on disk or in a phone. It imports seeds from stdin,
otpauth:// URIs and QR images, lists and deletes accounts, manages the
OATH and FIDO2 PINs, and runs the AWS MFA flows: session credentials
from sts get-session-token (shell exports, credential_process, exec)
and virtual MFA device enrollment with the seed going straight into
the key.")

set(CPACK_DEBIAN_KEYSIM_PACKAGE_NAME keysim)
# devel: a test double for people developing or testing FIDO2/OATH
# clients (with a pytest harness), not a tool for everyday use.
set(CPACK_DEBIAN_KEYSIM_PACKAGE_SECTION devel)
# The harness is Python: keysim_harness.keysim and .run need only python3.
# The pytest plugin needs pytest, keysim_hid python3-fido2, and the card
# fixture's wait python3-pyscard; the simulator itself needs none of them,
# so they are Recommends. The private pcscd (keysim_harness.pcscd) needs
# pcscd and vsmartcard-vpcd; find_package(keysim) needs cmake.
set(CPACK_DEBIAN_KEYSIM_PACKAGE_DEPENDS "python3")
set(CPACK_DEBIAN_KEYSIM_PACKAGE_RECOMMENDS
    "python3-fido2, python3-pytest, python3-pyscard")
set(CPACK_DEBIAN_KEYSIM_PACKAGE_SUGGESTS
    "keybridge, pcscd, vsmartcard-vpcd, cmake")
set(CPACK_DEBIAN_KEYSIM_DESCRIPTION
"software FIDO2 security key with an OATH applet, for testing
keysim is a simulated security key: a CTAP 2.1 authenticator with the
YKOATH applet (Nitrokey 3 profile over CTAPHID, YubiKey 5 profile over
CCID), with sealed, crash-safe state in a folder. It serves CTAPHID
reports over UDP for CI, becomes a real /dev/hidraw key through Linux
uhid (with the udev rule shipped here, for the logged-in user), and a
smart card in pcscd through vsmartcard-vpcd. A control socket lets tests
deny, delay or answer touches.
.
The Python module keysim_harness starts keysim processes and talks
CTAPHID to them with python-fido2.")

include(CPack)
