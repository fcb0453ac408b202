# find_package(keysim): keysim, the software security key, for a project's
# CTest tests. Installed with the keysim package in
# <prefix>/share/keysim/cmake (docs/keysim-in-ci.md).
#
# Provides
#   keysim::keysim        imported executable (KEYSIM_EXECUTABLE)
#   keysim_add_test(NAME <name> COMMAND <command> [<arg>...]
#                   [PRESENCE auto|deny|timeout|manual] [PCSC]
#                   [KEYSIM_ARGS <arg>...] [WORKING_DIRECTORY <dir>])
#     add_test() whose command runs against a fresh keysim on an ephemeral
#     UDP port with its own state, through `python3 -m keysim_harness.run`.
#     The command sees KEYBRIDGE_DEVICE and KEYSIM_URI (udp:127.0.0.1:PORT)
#     and KEYSIM_CONTROL (the control socket); with PCSC also
#     PCSCLITE_CSOCK_NAME and KEYSIM_READER (a private pcscd whose vpcd
#     reader holds keysim as a smart card). A target name as the command's
#     first word is replaced by its file, as add_test() does.
cmake_minimum_required(VERSION 3.22)  # ENVIRONMENT_MODIFICATION

# This file is <prefix>/share/keysim/cmake/keysimConfig.cmake.
get_filename_component(_keysim_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

find_program(KEYSIM_EXECUTABLE keysim
  HINTS "${_keysim_prefix}/bin" NO_DEFAULT_PATH)
find_program(KEYSIM_EXECUTABLE keysim)
# The harness is a Python module in Debian's dist-packages; PYTHONPATH makes
# a prefix other than /usr work too. Debian's python3 first: the harness's
# optional parts (python-fido2, pyscard) are Debian packages.
set(KEYSIM_PYTHON_PATH "${_keysim_prefix}/lib/python3/dist-packages")
find_program(KEYSIM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(KEYSIM_PYTHON python3)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(keysim
  REQUIRED_VARS KEYSIM_EXECUTABLE KEYSIM_PYTHON
  VERSION_VAR keysim_VERSION)

if(keysim_FOUND AND NOT TARGET keysim::keysim)
  add_executable(keysim::keysim IMPORTED)
  set_target_properties(keysim::keysim PROPERTIES
    IMPORTED_LOCATION "${KEYSIM_EXECUTABLE}")
endif()

function(keysim_add_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "PCSC"
    "NAME;PRESENCE;WORKING_DIRECTORY" "COMMAND;KEYSIM_ARGS")
  if(NOT arg_NAME OR NOT arg_COMMAND)
    message(FATAL_ERROR "keysim_add_test: NAME and COMMAND are required")
  endif()
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "keysim_add_test: unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set(runner "${KEYSIM_PYTHON}" -m keysim_harness.run
    --keysim-binary "${KEYSIM_EXECUTABLE}")
  if(arg_PRESENCE)
    list(APPEND runner --presence ${arg_PRESENCE})
  endif()
  if(arg_PCSC)
    list(APPEND runner --pcsc)
  endif()
  foreach(keysim_arg IN LISTS arg_KEYSIM_ARGS)
    list(APPEND runner "--keysim-arg=${keysim_arg}")
  endforeach()
  list(POP_FRONT arg_COMMAND program)
  if(TARGET ${program})
    set(program "$<TARGET_FILE:${program}>")
  endif()
  set(working_directory)
  if(arg_WORKING_DIRECTORY)
    set(working_directory WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}")
  endif()
  add_test(NAME ${arg_NAME}
    COMMAND ${runner} -- "${program}" ${arg_COMMAND}
    ${working_directory})
  set_property(TEST ${arg_NAME} APPEND PROPERTY ENVIRONMENT_MODIFICATION
    "PYTHONPATH=path_list_prepend:${KEYSIM_PYTHON_PATH}")
endfunction()
