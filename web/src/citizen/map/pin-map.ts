/** The report form's map: one pin the citizen drags (or places at the map's centre with a button). */
import { createBaseMap, L, pinIcon } from './base-map';

export interface Point {
  lat: number;
  lon: number;
}

export interface PinMap {
  setPin(point: Point | undefined): void;
  center(): Point;
  destroy(): void;
}

export function createPinMap(
  element: HTMLElement,
  options: { label: string; pinLabel: string; initial?: Point; onMove(point: Point): void; onTilesFailed(): void },
): PinMap {
  const map = createBaseMap(element, { label: options.label, onTilesFailed: options.onTilesFailed });
  let marker: L.Marker | undefined;
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  const setPin = (point: Point | undefined) => {
    if (!point) {
      marker?.remove();
      marker = undefined;
      return;
    }
    const at = L.latLng(point.lat, point.lon);
    if (!marker) {
      marker = L.marker(at, { draggable: true, icon: pinIcon, alt: options.pinLabel, title: options.pinLabel, keyboard: true }).addTo(map);
      marker.on('dragend', () => {
        const p = marker!.getLatLng();
        options.onMove({ lat: round(p.lat), lon: round(p.lng) });
      });
    } else marker.setLatLng(at);
    map.setView(at, Math.max(map.getZoom(), 16));
  };
  setPin(options.initial);
  // a tap on the map moves the pin there: easier than dragging on a small screen
  map.on('click', (e: L.LeafletMouseEvent) => {
    const point = { lat: round(e.latlng.lat), lon: round(e.latlng.lng) };
    setPin(point);
    options.onMove(point);
  });
  return {
    setPin,
    center: () => {
      const c = map.getCenter();
      return { lat: round(c.lat), lon: round(c.lng) };
    },
    destroy: () => map.remove(),
  };
}
