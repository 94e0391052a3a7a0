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
endif()
if(RADFRAGA_WERROR)
  target_compile_options(radfraga_warnings INTERFACE -Werror)
endif()
