/**
 * Leaflet with the configured base map (config/web.json). Imported only by pages that show a map, so the
 * library never weighs on the others. When tiles cannot load (no signal, blocked host) the map still takes
 * pins and markers on a plain background, and the page is told so it can say it.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import iconUrl from 'leaflet/dist/images/marker-icon.png';
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png';
import shadowUrl from 'leaflet/dist/images/marker-shadow.png';
import webConfig from '../../../../config/web.json';

export { L };

export const pinIcon = L.icon({
  iconUrl,
  iconRetinaUrl,
  shadowUrl,
  iconSize: [25, 41],
  iconAnchor: [12, 41],
  popupAnchor: [1, -34],
  shadowSize: [41, 41],
});

export interface BaseMapOptions {
  /** the map's accessible name */
  label: string;
  onTilesFailed?: () => void;
}

export function createBaseMap(element: HTMLElement, options: BaseMapOptions): L.Map {
  const { center, zoom, tileUrl, attribution, maxZoom } = webConfig.map;
  const map = L.map(element, { center: [center.lat, center.lon], zoom, keyboard: true });
  element.setAttribute('role', 'region');
  element.setAttribute('aria-label', options.label);
  let failed = false;
  L.tileLayer(tileUrl, { attribution, maxZoom, crossOrigin: false })
    .on('tileerror', () => {
      if (failed) return;
      failed = true;
      options.onTilesFailed?.();
    })
    .addTo(map);
  map.attributionControl.setPrefix(false);
  return map;
}
