# core/ is plain C++: it must never link or include Qt. Checked at configure time
# (link libraries) and by the test `core_has_no_qt` (sources).
get_target_property(_core_libs triad_core LINK_LIBRARIES)
foreach(_lib IN LISTS _core_libs)
  if(_lib MATCHES "Qt")
    message(FATAL_ERROR "core/ must not depend on Qt, but triad_core links ${_lib}")
  endif()
endforeach()
