// Open311 GeoReport v2 routes under /open311/v2/ (docs/open311.md).
#pragma once

#include "app/services.h"
#include "http/router.h"

namespace civicdesk::http {

void add_open311_routes(Router& r, Services& services);

}  // namespace civicdesk::http
