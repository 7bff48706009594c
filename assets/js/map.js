// Draws every map on the page (templates/includes/map.html) with Leaflet, which the include
// loads just before this module (both deferred, so they run in order) as the global L.
// Without a tile URL no layer is added that fetches anything: the points sit on the canvas's
// plain background, so offline installs and tests work and nothing leaves the site.

const L = window.L

function text (tag, content) {
  // Leaflet puts strings into tooltips and popups as HTML: give it elements, so a school's name
  // is only ever text.
  const element = document.createElement(tag)
  element.textContent = content
  return element
}

function draw (container) {
  const canvas = container.querySelector('[data-map-canvas]')
  const points = JSON.parse(document.getElementById(container.dataset.points).textContent)
  const styles = {}
  for (const item of container.querySelectorAll('[data-kind]')) {
    styles[item.dataset.kind] = { colour: item.dataset.colour, radius: Number(item.dataset.radius) }
  }

  container.hidden = false // before Leaflet measures the canvas
  // The page scrolls past the map as usual: zoom with the buttons, the keyboard or a double tap.
  // Half zoom steps let the bounds fit the schools more closely.
  const map = L.map(canvas, { scrollWheelZoom: false, maxZoom: 18, zoomSnap: 0.5 })
  if (canvas.dataset.tileUrl) {
    L.tileLayer(canvas.dataset.tileUrl, { attribution: canvas.dataset.tileAttribution, maxZoom: 19 }).addTo(map)
  }
  L.control.scale({ imperial: false }).addTo(map)

  // Leads are drawn last, so they sit on top of the members around them.
  const order = ['deliverer', 'member', 'lead']
  const sorted = [...points].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
  const places = []
  for (const point of sorted) {
    const style = styles[point.kind] || { colour: '#505a5f', radius: 6 }
    const place = [point.latitude, point.longitude]
    places.push(place)
    const marker = L.circleMarker(place, {
      radius: style.radius,
      color: '#0b0c0c',
      weight: 1,
      fillColor: style.colour,
      fillOpacity: 0.9,
      className: `app-map__marker app-map__marker--${point.kind}`
    }).addTo(map)
    marker.bindTooltip(text('span', point.name))
    const link = text('a', point.name)
    link.href = point.url
    link.className = 'govuk-link'
    marker.bindPopup(link)
  }
  if (places.length === 1) {
    map.setView(places[0], 13)
  } else {
    map.fitBounds(L.latLngBounds(places), { padding: [24, 24], maxZoom: 13 })
  }
}

if (L) {
  for (const container of document.querySelectorAll('[data-app-map]')) {
    draw(container)
  }
}
