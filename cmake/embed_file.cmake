# Generates a C++ file with one function returning a file's text.
#   cmake -DINPUT=file -DOUTPUT=out.cpp -DFUNCTION=ns::name -DHEADER=path/to.h -P embed_file.cmake
file(READ "${INPUT}" content)
string(REGEX REPLACE "::[^:]+$" "" ns "${FUNCTION}")
string(REGEX REPLACE "^.*::" "" fn "${FUNCTION}")
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by cmake/embed_file.cmake.\n#include \"${HEADER}\"\n\nnamespace ${ns} {\n\nstd::string_view ${fn}() {\n  static constexpr std::string_view kText = R\"civicdesk_embed(${content})civicdesk_embed\";\n  return kText;\n}\n\n}  // namespace ${ns}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
