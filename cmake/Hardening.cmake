# radfraga_hardening: release hardening for every target (fortify, stack protector,
# PIE, full RELRO, non-executable stack). Sanitizer builds replace fortify, which
# does not combine well with ASan.
add_library(radfraga_hardening INTERFACE)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
include(CheckPIESupported)
check_pie_supported()
target_compile_options(radfraga_hardening INTERFACE -fstack-protector-strong -fstack-clash-protection)
target_link_options(radfraga_hardening INTERFACE -pie -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack)
if(RADFRAGA_SANITIZE)
  target_compile_options(radfraga_hardening INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(radfraga_hardening INTERFACE -fsanitize=address,undefined)
else()
  target_compile_options(radfraga_hardening INTERFACE
    $<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2>)
endif()
