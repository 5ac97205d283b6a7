# Generates a C++ file with one function returning a file's text.
#   cmake -DINPUT=file -DOUTPUT=out.cpp -DFUNCTION=ns::name -DHEADER=path/to.h -P embed_file.cmake
file(READ "${INPUT}" content)
string(REGEX REPLACE "::[^:]+$" "" ns "${FUNCTION}")
string(REGEX REPLACE "^.*::" "" fn "${FUNCTION}")
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by cmake/embed_file.cmake.\n#include \"${HEADER}\"\n\nnamespace ${ns} {\n\nstd::string_view ${fn}() {\n  // An array, not a constexpr string_view: GCC would count a long text's\n  // length at compile time, step by step, and give up past 262,144.\n  static constexpr char kText[] = R\"civicdesk_embed(${content})civicdesk_embed\";\n  return {kText, sizeof kText - 1};\n}\n\n}  // namespace ${ns}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
