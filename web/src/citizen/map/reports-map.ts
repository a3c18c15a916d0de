/** The /peta map: one marker per report, clustered when many are close, each linking to its tracking page. */
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import { createBaseMap, L, pinIcon } from './base-map';

export interface MapItem {
  id: string;
  lat: number;
  lon: number;
  title: string;
}

export interface ReportsMap {
  show(items: MapItem[]): void;
  destroy(): void;
}

export function createReportsMap(element: HTMLElement, options: { label: string; onTilesFailed(): void }): ReportsMap {
  const map = createBaseMap(element, options);
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  map.addLayer(cluster);
  return {
    show(items) {
      cluster.clearLayers();
      const markers = items.map((item) => {
        // built as DOM, never as HTML text: report fields are user input
        const link = document.createElement('a');
        link.href = `/lacak/${encodeURIComponent(item.id)}`;
        link.textContent = `${item.id}: ${item.title}`;
        return L.marker([item.lat, item.lon], { icon: pinIcon, alt: `${item.id}: ${item.title}`, title: item.title }).bindPopup(link);
      });
      cluster.addLayers(markers);
      if (markers.length > 0) map.fitBounds(cluster.getBounds(), { maxZoom: 15, padding: [24, 24] });
    },
    destroy: () => map.remove(),
  };
}
