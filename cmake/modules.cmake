# civicdesk_module(NAME SOURCES ... DEPS ...): one static library per module.
# The include root is src/, so headers are included as "domain/sla.h".
function(civicdesk_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${M_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${M_DEPS})
endfunction()

# The domain is pure: refuse to configure if it links a database, network or
# HTTP library (shared/DESIGN.md "domain/ is pure").
function(civicdesk_assert_pure target)
  get_target_property(libs ${target} LINK_LIBRARIES)
  foreach(lib IN LISTS libs)
    if(lib MATCHES "sqlite|pq|Boost|boost|curl|ssl|crypto|spdlog")
      message(FATAL_ERROR "${target} must stay pure but links ${lib}")
    endif()
  endforeach()
endfunction()
