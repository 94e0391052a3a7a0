# radfraga_warnings: the warning set every target links. -Werror is switched by
# RADFRAGA_WERROR so developers can iterate and CI can be strict.
add_library(radfraga_warnings INTERFACE)
target_compile_options(radfraga_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Wmisleading-indentation)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(radfraga_warnings INTERFACE
    -Wduplicated-cond -Wduplicated-branches -Wlogical-op -Wuseless-cast)
  # GCC 12 at -O3 warns that `"Q" + std::to_string(n)` may overlap in memcpy, a false
  # positive in libstdc++'s inlined operator+ (GCC bug 105329, fixed in GCC 13); Debian
  # 12's compiler is GCC 12, and the Release build of scripts/serve.sh printed it nine times.
  if(CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12 AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(radfraga_warnings INTERFACE -Wno-restrict)
  endif()
endif()
if(RADFRAGA_WERROR)
  target_compile_options(radfraga_warnings INTERFACE -Werror)
endif()
