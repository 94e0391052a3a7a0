# Third-party libraries, all from Debian 12 packages (see scripts/install-deps.sh).
# Each is wrapped in an imported target here so modules link by name and only the
# module that owns a library links it (Xapian: search/, SQLite: store/, Beast: server/).

find_package(Boost 1.81.0 REQUIRED CONFIG COMPONENTS json url unit_test_framework program_options)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(Threads REQUIRED)
find_package(Xapian REQUIRED CONFIG)

find_package(PkgConfig REQUIRED)
pkg_check_modules(HUNSPELL REQUIRED IMPORTED_TARGET hunspell)
pkg_check_modules(MYTHES REQUIRED IMPORTED_TARGET mythes)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
pkg_check_modules(CMARK REQUIRED IMPORTED_TARGET libcmark)
# libqrencode: the QR code of an expert's TOTP key at enrolment (web/).
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)

add_library(radfraga_xapian INTERFACE)
target_link_libraries(radfraga_xapian INTERFACE ${XAPIAN_LIBRARIES})
target_include_directories(radfraga_xapian SYSTEM INTERFACE ${XAPIAN_INCLUDE_DIR})

# kainjow::mustache is header-only.
find_path(MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
add_library(radfraga_mustache INTERFACE)
target_include_directories(radfraga_mustache SYSTEM INTERFACE ${MUSTACHE_INCLUDE_DIR})

# libphonenumber: runtime library from libphonenumber8, headers unpacked from the -dev
# package into third_party/ by scripts/install-deps.sh (the -dev package itself pulls
# Boost 1.74's dev packages, which conflict with 1.81's).
set(RADFRAGA_PHONENUMBER_ROOT "${PROJECT_SOURCE_DIR}/third_party/libphonenumber/usr"
    CACHE PATH "Where libphonenumber's headers were unpacked")
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumbermatcher.h
          HINTS "${RADFRAGA_PHONENUMBER_ROOT}/include" REQUIRED)
find_library(PHONENUMBER_LIBRARY NAMES libphonenumber.so.8 REQUIRED)
find_package(Protobuf REQUIRED)
add_library(radfraga_phonenumber INTERFACE)
target_include_directories(radfraga_phonenumber SYSTEM INTERFACE ${PHONENUMBER_INCLUDE_DIR})
target_link_libraries(radfraga_phonenumber INTERFACE ${PHONENUMBER_LIBRARY} protobuf::libprotobuf)

# jemalloc (Debian's libjemalloc2) replaces glibc's malloc in the radfraga binary only.
# A page is built on a worker thread and freed on the I/O thread after it is sent; with
# glibc's arenas those frees contend for the worker's arena lock, and malloc was about a
# sixth of the server's CPU. jemalloc measured 14 700 -> 20 600 uniform question pages
# per second (docs/performance.md). The sanitizers bring their own allocator,
# so a sanitizer build keeps glibc's; tests and benchmarks use glibc's too.
add_library(radfraga_allocator INTERFACE)
if(RADFRAGA_JEMALLOC AND NOT RADFRAGA_SANITIZE)
  find_library(JEMALLOC_LIBRARY NAMES libjemalloc.so.2 jemalloc REQUIRED)
  # --no-as-needed: the binary names no jemalloc symbol itself; it is linked for the
  # malloc, free and operator new it interposes.
  target_link_libraries(radfraga_allocator INTERFACE
    "-Wl,--push-state,--no-as-needed" "${JEMALLOC_LIBRARY}" "-Wl,--pop-state")
endif()
