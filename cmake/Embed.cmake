# radfraga_embed(<target> FUNCTION <qualified::name> BASE <dir> FILES <files...>)
#
# Compiles <files> into <target> as a generated C++ source that defines
#   std::span<const radfraga::EmbeddedFile> <qualified::name>();
# with one entry per file, named by its path relative to BASE, in the order given.
# The declaration lives in the module's own header; core/embedded.hpp has the type.
function(radfraga_embed target)
  cmake_parse_arguments(E "" "FUNCTION;BASE" "FILES" ${ARGN})
  string(MAKE_C_IDENTIFIER "${E_FUNCTION}" id)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded_${id}.cpp")
  set(list_file "${CMAKE_CURRENT_BINARY_DIR}/embedded_${id}.list")
  set(lines "")
  foreach(f IN LISTS E_FILES)
    get_filename_component(abs "${f}" ABSOLUTE)
    file(RELATIVE_PATH rel "${E_BASE}" "${abs}")
    list(APPEND abs_files "${abs}")
    string(APPEND lines "${abs}|${rel}\n")
  endforeach()
  file(WRITE "${list_file}.in" "${lines}")
  configure_file("${list_file}.in" "${list_file}" COPYONLY)
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DLIST=${list_file} -DOUT=${out} -DFUNC=${E_FUNCTION}
            -P "${PROJECT_SOURCE_DIR}/cmake/EmbedGen.cmake"
    DEPENDS ${abs_files} "${list_file}" "${PROJECT_SOURCE_DIR}/cmake/EmbedGen.cmake"
    COMMENT "Embedding ${E_FUNCTION}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
