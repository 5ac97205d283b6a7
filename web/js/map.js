// The map on "Report a problem" (docs/pages.md, "The map"), loaded only on
// the location page after Leaflet (leaflet.js, window.L). Clicking or tapping
// the map, dragging the marker, or pressing "Use the centre of the map"
// (after panning with the arrow keys) fills the form's hidden lat and lng.
// Open reports of the same kind nearby are shown as red circles. Without
// JavaScript the group stays hidden and the street and postcode are used.
const box = document.querySelector('[data-civicdesk-map]');
if (box && window.L) start(window.L, box);

function start(L, box) {
  const d = box.dataset;
  const form = box.closest('form');
  const lat = form.querySelector('input[name="lat"]');
  const lng = form.querySelector('input[name="lng"]');
  const status = form.querySelector('[data-civicdesk-map-status]');
  box.closest('[data-civicdesk-map-group]').hidden = false;

  const map = L.map(box, { keyboard: true });
  map.attributionControl.setPrefix(false);
  // Leaflet writes the attribution as HTML: the text is escaped first.
  const text = document.createElement('span');
  text.textContent = d.attribution;
  L.tileLayer(d.tiles, { maxZoom: 19, attribution: text.innerHTML }).addTo(map);

  if (lat.value && lng.value) {
    map.setView([Number(lat.value), Number(lng.value)], 17);
  } else if (d.bounds) {
    const b = d.bounds.split(',').map(Number);
    map.fitBounds([[b[0], b[1]], [b[2], b[3]]]);
  } else {
    map.setView([54.5, -2.5], 6);
  }

  const icon = L.icon({
    iconUrl: d.icon, iconRetinaUrl: d.icon2x, shadowUrl: d.shadow,
    iconSize: [25, 41], iconAnchor: [12, 41], shadowSize: [41, 41],
  });
  const nearby = L.layerGroup().addTo(map);
  let marker = null;

  function place(point) {
    if (!marker) {
      marker = L.marker(point, { icon, draggable: true, alt: d.markerLabel }).addTo(map);
      marker.on('dragend', () => place(marker.getLatLng()));
    } else {
      marker.setLatLng(point);
    }
    lat.value = point.lat.toFixed(6);
    lng.value = point.lng.toFixed(6);
    status.textContent = d.placed;
    showNearby(point);
  }

  // The council's open reports of this kind within 500 m (the API's public
  // "nearby reports": no personal details).
  async function showNearby(point) {
    const query = new URLSearchParams({
      lat: point.lat.toFixed(6), long: point.lng.toFixed(6), category: d.category, radius: '500', limit: '50',
    });
    try {
      const res = await fetch('/api/v1/nearby-reports?' + query, { headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      const items = (await res.json()).items || [];
      nearby.clearLayers();
      for (const item of items) {
        L.circleMarker([item.lat, item.long], { radius: 8, color: '#d4351c', weight: 3, className: 'civicdesk-map-nearby' })
          .bindTooltip(d.nearbyLabel + ' ' + item.reference)
          .addTo(nearby);
      }
      if (items.length > 0) status.textContent = d.placedNearby.replace('{count}', String(items.length));
    } catch (e) {
      // Nearby reports are a help, not a need: the next page lists them too.
    }
  }

  // The council's area, outlined (a place outside it is refused).
  fetch('/api/v1/boundary', { headers: { Accept: 'application/geo+json' } })
    .then((res) => (res.ok ? res.json() : null))
    .then((area) => {
      if (area && area.coordinates && area.coordinates.length)
        L.geoJSON(area, { style: { color: '#1d70b8', weight: 3, fill: false }, interactive: false }).addTo(map);
    })
    .catch(() => {});

  if (lat.value && lng.value) place(L.latLng(Number(lat.value), Number(lng.value)));
  map.on('click', (e) => place(e.latlng));
  form.querySelector('[data-civicdesk-map-use]').addEventListener('click', () => place(map.getCenter()));
}
